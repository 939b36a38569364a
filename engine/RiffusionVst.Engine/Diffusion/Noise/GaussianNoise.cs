namespace RiffusionVst.Engine.Diffusion.Noise;

/// <summary>
/// Seeded standard-normal noise: xoshiro256** (seeded through SplitMix64) feeding Marsaglia's polar
/// method, with a portable logarithm, so the same seed gives bit-identical numbers on every platform.
/// It does not reproduce torch.randn: the same seed gives different latents than riffusion's Python code.
/// </summary>
public sealed class GaussianNoise
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Starts a generator at the given seed.</summary>
    public GaussianNoise(long seed)
    {
        Seed = seed;
        ulong state = unchecked((ulong)seed);
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>The seed this generator started from.</summary>
    public long Seed { get; }

    /// <summary>Fills the span with independent N(0, 1) samples, continuing the sequence.</summary>
    public void Fill(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)NextGaussian();
        }
    }

    /// <summary>Returns a new array of <paramref name="count"/> N(0, 1) samples for a fresh generator at <paramref name="seed"/>.</summary>
    public static float[] Create(long seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new float[count];
        new GaussianNoise(seed).Fill(values);
        return values;
    }

    /// <summary>Next N(0, 1) sample in double precision.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u, v, s;
        do
        {
            u = 2.0 * NextUniform() - 1.0;
            v = 2.0 * NextUniform() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);

        double factor = Math.Sqrt(-2.0 * PortableMath.Log(s) / s);
        _spare = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Uniform double in [0, 1) from the top 53 bits.</summary>
    internal double NextUniform() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>One xoshiro256** output.</summary>
    internal ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
