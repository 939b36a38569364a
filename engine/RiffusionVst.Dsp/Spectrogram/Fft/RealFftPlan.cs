using System.Collections.Concurrent;

namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>Shared data for real transforms of one length: the half-length complex plan and the split twiddles.</summary>
/// <remarks>
/// Even n packs x[2j] + i·x[2j+1] into a complex FFT of n/2 and separates even and odd halves afterwards with
/// exp(−2πik/n); odd n falls back to a full complex FFT of n.
/// </remarks>
internal sealed class RealFftPlan
{
    private static readonly ConcurrentDictionary<int, RealFftPlan> Cache = new();

    private RealFftPlan(int length)
    {
        Length = length;
        IsEven = length % 2 == 0;
        ComplexLength = IsEven ? length / 2 : length;
        int half = length / 2;
        SplitReal = new float[IsEven ? half + 1 : 0];
        SplitImag = new float[IsEven ? half + 1 : 0];
        for (int k = 0; k < SplitReal.Length; k++)
        {
            double angle = -2.0 * Math.PI * k / length;
            SplitReal[k] = (float)Math.Cos(angle);
            SplitImag[k] = (float)Math.Sin(angle);
        }
    }

    /// <summary>Number of real samples.</summary>
    public int Length { get; }

    /// <summary>True when the half-length packing is used.</summary>
    public bool IsEven { get; }

    /// <summary>Length of the complex transform doing the work (n/2 or n).</summary>
    public int ComplexLength { get; }

    /// <summary>Real part of exp(−2πik/n) for k = 0..n/2 (even n only).</summary>
    public float[] SplitReal { get; }

    /// <summary>Imaginary part of exp(−2πik/n) for k = 0..n/2 (even n only).</summary>
    public float[] SplitImag { get; }

    /// <summary>The shared plan for <paramref name="length"/> real samples, built on first use (thread-safe).</summary>
    public static RealFftPlan Get(int length) => Cache.GetOrAdd(length, static n => new RealFftPlan(n));
}
