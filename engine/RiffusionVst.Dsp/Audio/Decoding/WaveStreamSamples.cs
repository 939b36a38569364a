using NAudio.Wave;

namespace RiffusionVst.Dsp.Audio.Decoding;

/// <summary>Drains an NAudio stream through its float sample provider into a planar clip.</summary>
internal static class WaveStreamSamples
{
    private const int BlockFrames = 8192;

    // Where the length is only an estimate (an MP3 without a Xing/Info header, guessed from its first frame's bit rate,
    // which can be several times too high for VBR), start with at most a minute and grow.
    private const int EstimatedSecondsCap = 60;

    /// <summary>Every sample of <paramref name="stream"/> from its current position, at its own rate.</summary>
    /// <param name="stream">The decoded stream.</param>
    /// <param name="lengthIsExact">Whether the stream's <c>Length</c> is exact (WAV, AIFF) rather than an estimate.</param>
    public static AudioClip ReadAll(WaveStream stream, bool lengthIsExact)
    {
        var format = stream.WaveFormat;
        int channels = format.Channels;
        var provider = stream.ToSampleProvider();

        // WAV and AIFF know their length exactly, so the channels are allocated once.
        long estimate = Math.Clamp(stream.Length / Math.Max(1, format.BlockAlign), 0, Array.MaxLength);
        if (!lengthIsExact)
        {
            estimate = Math.Min(estimate, (long)format.SampleRate * EstimatedSecondsCap);
        }

        var planar = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            planar[c] = new float[estimate];
        }

        var block = new float[BlockFrames * channels];
        int frames = 0;
        int read;
        while ((read = provider.Read(block)) > 0)
        {
            int got = read / channels;
            if (frames + got > planar[0].Length)
            {
                int grown = (int)Math.Min(Math.Max(2L * planar[0].Length, frames + got), Array.MaxLength);
                for (int c = 0; c < channels; c++)
                {
                    Array.Resize(ref planar[c], grown);
                }
            }

            Deinterleave(block.AsSpan(0, got * channels), planar, frames);
            frames += got;
        }

        if (frames != planar[0].Length)
        {
            for (int c = 0; c < channels; c++)
            {
                Array.Resize(ref planar[c], frames);
            }
        }

        return new AudioClip(format.SampleRate, planar);
    }

    // Mono and stereo (nearly every file) get loops of their own: one pass over the block, no stride arithmetic per sample.
    private static void Deinterleave(ReadOnlySpan<float> block, float[][] planar, int at)
    {
        int channels = planar.Length;
        int got = block.Length / channels;
        if (channels == 1)
        {
            block.CopyTo(planar[0].AsSpan(at, got));
            return;
        }

        if (channels == 2)
        {
            var left = planar[0].AsSpan(at, got);
            var right = planar[1].AsSpan(at, got);
            for (int f = 0; f < got; f++)
            {
                left[f] = block[2 * f];
                right[f] = block[(2 * f) + 1];
            }

            return;
        }

        for (int c = 0; c < channels; c++)
        {
            var channel = planar[c].AsSpan(at, got);
            for (int f = 0, i = c; f < got; f++, i += channels)
            {
                channel[f] = block[i];
            }
        }
    }
}
