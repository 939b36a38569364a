namespace RiffusionVst.Dsp.Audio;

/// <summary>Planar floating-point audio: one array per channel, all the same length, nominal range [-1, 1].</summary>
public sealed class AudioClip
{
    /// <summary>Wraps per-channel sample arrays.</summary>
    public AudioClip(int sampleRate, params float[][] channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Length == 0)
        {
            throw new ArgumentException("An audio clip needs at least one channel.", nameof(channels));
        }

        int length = channels[0].Length;
        if (channels.Any(c => c.Length != length))
        {
            throw new ArgumentException("All channels of a clip must have the same length.", nameof(channels));
        }

        SampleRate = sampleRate;
        Channels = channels;
    }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Samples of each channel.</summary>
    public float[][] Channels { get; }

    /// <summary>Number of channels.</summary>
    public int ChannelCount => Channels.Length;

    /// <summary>Samples per channel.</summary>
    public int Length => Channels[0].Length;

    /// <summary>Length in seconds.</summary>
    public double DurationSeconds => (double)Length / SampleRate;
}
