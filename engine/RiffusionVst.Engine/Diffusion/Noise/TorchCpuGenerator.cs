namespace RiffusionVst.Engine.Diffusion.Noise;

/// <summary>
/// torch's CPU generator as <c>torch.Generator("cpu").manual_seed(seed)</c> followed by <c>torch.randn(shape,
/// generator=g)</c> in float32 draws it (torch 1.13's portable kernel, the one Riffusion runs on Apple machines): a
/// 32-bit Mersenne Twister; tensors of 16 or more elements take Box–Muller over blocks of 16 uniform floats in single
/// precision, smaller ones the scalar double-precision path with its cached second value.
/// </summary>
/// <remarks>
/// Exact to the bit against torch's own values. The <see cref="TorchCpuKernel.Default"/> kernel calls the C library's
/// single-precision <c>logf</c>, <c>cosf</c> and <c>sinf</c> as torch does (<see cref="MathF"/> calls them too), so a
/// seed gives the very latents torch draws on the same kind of machine. torch builds for x86 CPUs with AVX2 take a
/// vectorised kernel with its own approximations instead (values differ in the last bits):
/// <see cref="TorchCpuKernel.Avx2"/> reproduces that one, on any CPU.
/// </remarks>
public sealed class TorchCpuGenerator
{
    private const int StateSize = 624;
    private const int Shift = 397;
    private const int Block = 16;

    private readonly uint[] _state = new uint[StateSize];
    private int _next;
    private double _cachedNormal;
    private bool _hasCachedNormal;

    /// <summary>A generator as <c>manual_seed(seed)</c> leaves it (torch keeps the low 32 bits of the seed).</summary>
    public TorchCpuGenerator(long seed, TorchCpuKernel kernel = TorchCpuKernel.Default)
    {
        Seed = seed;
        Kernel = kernel;
        uint s = unchecked((uint)seed);
        _state[0] = s;
        for (int i = 1; i < StateSize; i++)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)i);
        }

        _next = StateSize;
    }

    /// <summary>The seed this generator started from.</summary>
    public long Seed { get; }

    /// <summary>The kernel reproduced for tensors of 16 or more values.</summary>
    public TorchCpuKernel Kernel { get; }

    /// <summary>
    /// Fills <paramref name="destination"/> as one <c>torch.randn</c> call of that many float32 elements does,
    /// continuing the generator's sequence. The element count decides the path, so filling a tensor in two parts
    /// does not give the same numbers as filling it at once.
    /// </summary>
    public void Randn(Span<float> destination)
    {
        if (destination.Length >= Block)
        {
            NormalFill(destination);
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)NextNormal();
        }
    }

    /// <summary>Returns a new array: <c>torch.randn(count, generator=torch.Generator().manual_seed(seed))</c>.</summary>
    public static float[] Create(long seed, int count, TorchCpuKernel kernel = TorchCpuKernel.Default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new float[count];
        new TorchCpuGenerator(seed, kernel).Randn(values);
        return values;
    }

    /// <summary>One 32-bit draw (mt19937 with its tempering), as torch's <c>random()</c>.</summary>
    internal uint NextUInt32()
    {
        if (_next >= StateSize)
        {
            Twist();
        }

        uint y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>torch's <c>random64()</c>: two 32-bit draws, the first one the high half.</summary>
    internal ulong NextUInt64()
    {
        ulong high = NextUInt32();
        ulong low = NextUInt32();
        return (high << 32) | low;
    }

    /// <summary>Uniform float in [0, 1): the low 24 bits of a 32-bit draw times 2⁻²⁴ (exact).</summary>
    internal float NextUniformSingle() => (NextUInt32() & 0xFFFFFFu) * (1f / 16777216f);

    /// <summary>Uniform double in [0, 1): the low 53 bits of a 64-bit draw times 2⁻⁵³ (exact).</summary>
    internal double NextUniformDouble() => (NextUInt64() & ((1UL << 53) - 1)) * (1.0 / 9007199254740992.0);

    /// <summary>torch's <c>normal_distribution&lt;double&gt;</c> (mean 0, std 1): Box–Muller with the sine half cached.</summary>
    internal double NextNormal()
    {
        if (_hasCachedNormal)
        {
            _hasCachedNormal = false;
            return _cachedNormal * 1.0 + 0.0;
        }

        double u1 = NextUniformDouble();
        double u2 = NextUniformDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(1.0 - u2));
        double theta = 2.0 * Math.PI * u1;
        _cachedNormal = r * Math.Sin(theta);
        _hasCachedNormal = true;
        return r * Math.Cos(theta) * 1.0 + 0.0;
    }

    // torch's normal_fill: every element first gets a uniform float, then each block of 16 becomes 16 normals; when
    // the count is not a multiple of 16 the last 16 elements are drawn afresh and transformed again.
    private void NormalFill(Span<float> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = NextUniformSingle();
        }

        for (int i = 0; i + Block <= data.Length; i += Block)
        {
            Transform(data.Slice(i, Block));
        }

        if (data.Length % Block != 0)
        {
            Span<float> last = data[^Block..];
            for (int i = 0; i < Block; i++)
            {
                last[i] = NextUniformSingle();
            }

            Transform(last);
        }
    }

    private void Transform(Span<float> block)
    {
        if (Kernel == TorchCpuKernel.Avx2)
        {
            NormalFill16Avx2(block);
        }
        else
        {
            NormalFill16(block);
        }
    }

    // The AVX2 kernel: the angle is float(2π)·u2 in single precision, log and sincos are its own, and the result goes
    // through fmadd(n, std, mean).
    private static void NormalFill16Avx2(Span<float> data)
    {
        const float twoPi = (float)(2.0 * Math.PI);
        const float mean = 0f, std = 1f;
        for (int j = 0; j < Block / 2; j++)
        {
            float u1 = 1f - data[j];
            float u2 = data[j + (Block / 2)];
            float radius = MathF.Sqrt(-2f * TorchAvx2Math.Log(u1));
            TorchAvx2Math.SinCos(twoPi * u2, out float sine, out float cosine);
            data[j] = MathF.FusedMultiplyAdd(radius * cosine, std, mean);
            data[j + (Block / 2)] = MathF.FusedMultiplyAdd(radius * sine, std, mean);
        }
    }

    // Single precision throughout, as torch's scalar_t = float code: u1 = 1 − u (so the log never sees 0), the angle
    // is 2π·u2 computed in double and rounded to float, and cos/sin/log are the C library's float functions.
    private static void NormalFill16(Span<float> data)
    {
        const float mean = 0f, std = 1f;
        for (int j = 0; j < Block / 2; j++)
        {
            float u1 = 1f - data[j];
            float u2 = data[j + (Block / 2)];
            float radius = MathF.Sqrt(-2f * MathF.Log(u1));
            float theta = (float)(2.0 * Math.PI * u2);
            data[j] = (radius * MathF.Cos(theta) * std) + mean;
            data[j + (Block / 2)] = (radius * MathF.Sin(theta) * std) + mean;
        }
    }

    private void Twist()
    {
        for (int k = 0; k < StateSize; k++)
        {
            uint y = (_state[k] & 0x80000000u) | (_state[(k + 1) % StateSize] & 0x7FFFFFFFu);
            uint value = _state[(k + Shift) % StateSize] ^ (y >> 1);
            _state[k] = (y & 1) != 0 ? value ^ 0x9908B0DFu : value;
        }

        _next = 0;
    }
}
