namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>A mel amplitude spectrogram of one channel: <see cref="Frames"/> columns of <see cref="Bands"/> values, frame-major.</summary>
/// <remarks>Frame-major storage (<c>Data[frame * Bands + band]</c>) keeps each column contiguous, which is what the
/// per-frame DSP (mel projection, phase reconstruction) reads. Band 0 is the lowest frequency.</remarks>
public sealed class MelSpectrogram
{
    /// <summary>Creates a zeroed spectrogram.</summary>
    public MelSpectrogram(int bands, int frames)
        : this(bands, frames, new float[checked(bands * frames)])
    {
    }

    /// <summary>Wraps existing frame-major data.</summary>
    public MelSpectrogram(int bands, int frames, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bands);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != bands * frames)
        {
            throw new ArgumentException($"Expected {bands}×{frames} = {bands * frames} values, got {data.Length}.", nameof(data));
        }

        Bands = bands;
        Frames = frames;
        Data = data;
    }

    /// <summary>Number of mel bands (image height).</summary>
    public int Bands { get; }

    /// <summary>Number of frames (image width, one per hop).</summary>
    public int Frames { get; }

    /// <summary>Frame-major amplitudes: <c>Data[frame * Bands + band]</c>.</summary>
    public float[] Data { get; }

    /// <summary>Amplitude of one band in one frame.</summary>
    public float this[int frame, int band]
    {
        get => Data[frame * Bands + band];
        set => Data[frame * Bands + band] = value;
    }

    /// <summary>The contiguous column of one frame.</summary>
    public Span<float> Frame(int frame) => Data.AsSpan(frame * Bands, Bands);
}
