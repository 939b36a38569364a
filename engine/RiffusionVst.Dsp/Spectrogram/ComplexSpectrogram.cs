namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>A one-sided complex STFT: <see cref="Frames"/> columns of <see cref="Bins"/> bins, frame-major, real and imaginary parts apart.</summary>
public sealed class ComplexSpectrogram
{
    /// <summary>Creates a zeroed spectrogram.</summary>
    public ComplexSpectrogram(int bins, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        Bins = bins;
        Frames = frames;
        Real = new float[checked(bins * frames)];
        Imag = new float[bins * frames];
    }

    /// <summary>Number of one-sided frequency bins per frame.</summary>
    public int Bins { get; }

    /// <summary>Number of frames (one per hop).</summary>
    public int Frames { get; }

    /// <summary>Real parts, <c>Real[frame * Bins + bin]</c>.</summary>
    public float[] Real { get; }

    /// <summary>Imaginary parts, <c>Imag[frame * Bins + bin]</c>.</summary>
    public float[] Imag { get; }

    /// <summary>The magnitudes |X| of every coefficient.</summary>
    public MagnitudeSpectrogram Magnitudes()
    {
        var result = new MagnitudeSpectrogram(Bins, Frames);
        for (int i = 0; i < Real.Length; i++)
        {
            result.Data[i] = MathF.Sqrt(Real[i] * Real[i] + Imag[i] * Imag[i]);
        }

        return result;
    }
}
