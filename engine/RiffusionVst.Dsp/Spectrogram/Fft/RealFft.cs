namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>Forward and inverse FFT of real signals of one fixed length, returning the one-sided spectrum.</summary>
/// <remarks>
/// An instance owns scratch memory and is not thread-safe: give each thread its own (they share the cached plan).
/// Forward is unnormalised; Inverse divides by <see cref="Length"/>, so Inverse(Forward(x)) == x.
/// Any length ≥ 1 works. Even lengths run a mixed-radix complex FFT of half the length; odd lengths a full-length one;
/// lengths with a prime factor above 31 use Bluestein's algorithm. Transforms allocate nothing.
/// </remarks>
public sealed class RealFft
{
    private readonly RealFftPlan _plan;
    private readonly ComplexFft _complex;
    private readonly float[] _real;
    private readonly float[] _imag;

    /// <summary>Prepares transforms of <paramref name="length"/> real samples.</summary>
    public RealFft(int length)
    {
        if (length <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "An FFT needs at least one sample; pass a length of 1 or more.");
        }

        Length = length;
        _plan = RealFftPlan.Get(length);
        _complex = new ComplexFft(_plan.ComplexLength);
        _real = new float[_plan.ComplexLength];
        _imag = new float[_plan.ComplexLength];
    }

    /// <summary>Number of real samples per transform.</summary>
    public int Length { get; }

    /// <summary>Number of one-sided bins, <c>Length / 2 + 1</c>.</summary>
    public int BinCount => Length / 2 + 1;

    /// <summary>One-sided spectrum of <paramref name="input"/> (Length samples) into real and imaginary parts (BinCount each).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        CheckLength(nameof(input), input.Length, Length, "samples");
        CheckLength(nameof(real), real.Length, BinCount, "bins");
        CheckLength(nameof(imag), imag.Length, BinCount, "bins");
        if (_plan.IsEven)
        {
            ForwardEven(input, real, imag);
        }
        else
        {
            ForwardOdd(input, real, imag);
        }
    }

    /// <summary>Real signal (Length samples) whose one-sided spectrum is given; scaled by 1/Length.</summary>
    /// <remarks>The imaginary parts of bin 0 (and of bin Length/2 for even lengths) are ignored, as no real signal has them.</remarks>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        CheckLength(nameof(real), real.Length, BinCount, "bins");
        CheckLength(nameof(imag), imag.Length, BinCount, "bins");
        CheckLength(nameof(output), output.Length, Length, "samples");
        if (_plan.IsEven)
        {
            InverseEven(real, imag, output);
        }
        else
        {
            InverseOdd(real, imag, output);
        }
    }

    private void ForwardEven(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        int m = _plan.ComplexLength;
        RealSpectrumSplit.Deinterleave(input, _real, _imag, m);
        _complex.Transform(_real, _imag, _real, _imag);
        RealSpectrumSplit.Forward(_real, _imag, _plan.SplitReal, _plan.SplitImag, real, imag, m);
    }

    private void InverseEven(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        int m = _plan.ComplexLength;
        RealSpectrumSplit.Inverse(real, imag, _plan.SplitReal, _plan.SplitImag, _real, _imag, m);
        _complex.InverseUnscaled(_real, _imag, _real, _imag);

        // The unscaled inverse of 2Z gives 2·m·z = n·z.
        RealSpectrumSplit.Interleave(_real, _imag, output, m, 1f / Length);
    }

    private void ForwardOdd(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        Span<float> zr = _real;
        Span<float> zi = _imag;
        input.CopyTo(zr);
        zi.Clear();
        _complex.Transform(zr, zi, zr, zi);
        zr[..BinCount].CopyTo(real);
        zi[..BinCount].CopyTo(imag);
    }

    private void InverseOdd(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        int n = Length;
        Span<float> zr = _real;
        Span<float> zi = _imag;
        zr[0] = real[0];
        zi[0] = 0f;
        for (int k = 1; k < BinCount; k++)
        {
            zr[k] = real[k];
            zi[k] = imag[k];
            zr[n - k] = real[k];
            zi[n - k] = -imag[k];
        }

        _complex.InverseUnscaled(zr, zi, zr, zi);
        float scale = 1f / n;
        for (int j = 0; j < n; j++)
        {
            output[j] = zr[j] * scale;
        }
    }

    private static void CheckLength(string name, int actual, int expected, string unit)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                $"'{name}' has {actual} {unit} but this RealFft needs exactly {expected} {unit}; slice or size the span to {expected}.",
                name);
        }
    }
}
