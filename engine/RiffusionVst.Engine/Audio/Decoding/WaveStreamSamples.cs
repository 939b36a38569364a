using NAudio.Wave;

namespace RiffusionVst.Engine.Audio.Decoding;

/// <summary>Drains an NAudio stream through its float sample provider into a planar clip.</summary>
internal static class WaveStreamSamples
{
    private const int BlockFrames = 16384;

    /// <summary>Every sample of <paramref name="stream"/> from its current position, at its own rate.</summary>
    public static AudioClip ReadAll(WaveStream stream)
    {
        var format = stream.WaveFormat;
        int channels = format.Channels;
        var provider = stream.ToSampleProvider();

        // WAV and AIFF know their length exactly; MP3 may only estimate it, so the buffer can still grow.
        long estimate = Math.Clamp(stream.Length / Math.Max(1, format.BlockAlign), 1, Array.MaxLength / channels);
        var interleaved = new float[estimate * channels];
        int filled = 0;
        while (true)
        {
            if (interleaved.Length - filled < BlockFrames * channels)
            {
                Array.Resize(ref interleaved, (int)Math.Min((long)interleaved.Length * 2 + (BlockFrames * channels), Array.MaxLength / channels * channels));
            }

            int read = provider.Read(interleaved.AsSpan(filled, BlockFrames * channels));
            if (read <= 0)
            {
                break;
            }

            filled += read;
        }

        int frames = filled / channels;
        var planar = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            var channel = new float[frames];
            for (int f = 0, i = c; f < frames; f++, i += channels)
            {
                channel[f] = interleaved[i];
            }

            planar[c] = channel;
        }

        return new AudioClip(format.SampleRate, planar);
    }
}
