namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>Chirp-z (Bluestein) data: turns a DFT of awkward length N into a circular convolution of a smooth length M ≥ 2N−1.</summary>
/// <remarks>
/// X[k] = w[k]·Σ x[j]·w[j]·conj(w[k−j]) with w[k] = exp(−iπk²/N); the convolution runs through FFTs of length M.
/// </remarks>
internal sealed class BluesteinPlan
{
    /// <summary>Precomputes the chirp and the spectrum of the convolution kernel for length <paramref name="length"/>.</summary>
    public BluesteinPlan(int length)
    {
        Length = length;
        ConvolutionLength = SmoothLengthAtLeast(2 * length - 1);
        int m = ConvolutionLength;
        ChirpReal = new float[length];
        ChirpImag = new float[length];
        long period = 2L * length;
        for (int k = 0; k < length; k++)
        {
            // k² mod 2N in integers: the angle stays exact even when k² is far beyond float or double mantissas.
            double angle = -Math.PI * ((long)k * k % period) / length;
            ChirpReal[k] = (float)Math.Cos(angle);
            ChirpImag[k] = (float)Math.Sin(angle);
        }

        var kernelReal = new float[m];
        var kernelImag = new float[m];
        for (int k = 0; k < length; k++)
        {
            kernelReal[k] = ChirpReal[k];
            kernelImag[k] = -ChirpImag[k];
            if (k > 0)
            {
                kernelReal[m - k] = ChirpReal[k];
                kernelImag[m - k] = -ChirpImag[k];
            }
        }

        var fft = new ComplexFft(m);
        fft.Forward(kernelReal, kernelImag, kernelReal, kernelImag);
        float scale = 1f / m;
        for (int k = 0; k < m; k++)
        {
            // The 1/M of the inverse convolution FFT is folded in here once.
            kernelReal[k] *= scale;
            kernelImag[k] *= scale;
        }

        KernelSpectrumReal = kernelReal;
        KernelSpectrumImag = kernelImag;
    }

    /// <summary>The awkward length N.</summary>
    public int Length { get; }

    /// <summary>The smooth convolution length M (only factors 2, 3, 5, 7).</summary>
    public int ConvolutionLength { get; }

    /// <summary>Real part of w[k] = exp(−iπk²/N), k &lt; N.</summary>
    public float[] ChirpReal { get; }

    /// <summary>Imaginary part of w[k].</summary>
    public float[] ChirpImag { get; }

    /// <summary>Real part of FFT(conj chirp, wrapped to length M) / M.</summary>
    public float[] KernelSpectrumReal { get; }

    /// <summary>Imaginary part of the kernel spectrum.</summary>
    public float[] KernelSpectrumImag { get; }

    /// <summary>Smallest number ≥ <paramref name="minimum"/> with no prime factor above 7.</summary>
    internal static int SmoothLengthAtLeast(int minimum)
    {
        for (int n = minimum; ; n++)
        {
            int rest = n;
            foreach (int p in (ReadOnlySpan<int>)[2, 3, 5, 7])
            {
                while (rest % p == 0)
                {
                    rest /= p;
                }
            }

            if (rest == 1)
            {
                return n;
            }
        }
    }
}
