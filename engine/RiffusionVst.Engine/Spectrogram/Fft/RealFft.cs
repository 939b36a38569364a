namespace RiffusionVst.Engine.Spectrogram.Fft;

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
        Span<float> zr = _real;
        Span<float> zi = _imag;
        for (int j = 0; j < m; j++)
        {
            zr[j] = input[2 * j];
            zi[j] = input[(2 * j) + 1];
        }

        _complex.Transform(zr, zi, zr, zi);

        // Z = FFT(even) + i·FFT(odd); conj(Z[m−k]) = FFT(even) − i·FFT(odd) separates them, then X[k] = E[k] + w^k·O[k].
        float[] wr = _plan.SplitReal;
        float[] wi = _plan.SplitImag;
        for (int k = 0; k <= m; k++)
        {
            int a = k == m ? 0 : k;
            int b = k == 0 ? 0 : m - k;
            float zkr = zr[a], zki = zi[a];
            float zcr = zr[b], zci = -zi[b];
            float er = 0.5f * (zkr + zcr), ei = 0.5f * (zki + zci);
            float or = 0.5f * (zki - zci), oi = -0.5f * (zkr - zcr);
            real[k] = er + (wr[k] * or) - (wi[k] * oi);
            imag[k] = ei + (wr[k] * oi) + (wi[k] * or);
        }
    }

    private void InverseEven(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        int m = _plan.ComplexLength;
        Span<float> zr = _real;
        Span<float> zi = _imag;
        float[] wr = _plan.SplitReal;
        float[] wi = _plan.SplitImag;
        for (int k = 0; k < m; k++)
        {
            float xkr = real[k], xki = k == 0 ? 0f : imag[k];
            float xcr = real[m - k], xci = k == 0 ? 0f : -imag[m - k];

            // 2E = X[k] + conj(X[m−k]); 2O = (X[k] − conj(X[m−k]))·conj(w^k); 2Z = 2E + i·2O.
            float er = xkr + xcr, ei = xki + xci;
            float dr = xkr - xcr, di = xki - xci;
            float or = (dr * wr[k]) + (di * wi[k]);
            float oi = (di * wr[k]) - (dr * wi[k]);
            zr[k] = er - oi;
            zi[k] = ei + or;
        }

        _complex.InverseUnscaled(zr, zi, zr, zi);

        // The unscaled inverse of 2Z gives 2·m·z = n·z.
        float scale = 1f / Length;
        for (int j = 0; j < m; j++)
        {
            output[2 * j] = zr[j] * scale;
            output[(2 * j) + 1] = zi[j] * scale;
        }
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
