namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>A linear-frequency amplitude spectrogram (|STFT|): <see cref="Frames"/> columns of <see cref="Bins"/> bins, frame-major.</summary>
public sealed class MagnitudeSpectrogram
{
    /// <summary>Creates a zeroed spectrogram.</summary>
    public MagnitudeSpectrogram(int bins, int frames)
        : this(bins, frames, new float[checked(bins * frames)])
    {
    }

    /// <summary>Wraps existing frame-major amplitudes.</summary>
    public MagnitudeSpectrogram(int bins, int frames, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != bins * frames)
        {
            throw new ArgumentException($"Expected {bins}×{frames} = {bins * frames} amplitudes, got {data.Length}.", nameof(data));
        }

        Bins = bins;
        Frames = frames;
        Data = data;
    }

    /// <summary>Number of one-sided frequency bins per frame.</summary>
    public int Bins { get; }

    /// <summary>Number of frames (one per hop).</summary>
    public int Frames { get; }

    /// <summary>Frame-major amplitudes: <c>Data[frame * Bins + bin]</c>.</summary>
    public float[] Data { get; }

    /// <summary>The contiguous column of one frame.</summary>
    public Span<float> Frame(int frame) => Data.AsSpan(frame * Bins, Bins);
}
