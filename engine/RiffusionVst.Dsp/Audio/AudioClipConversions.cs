using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Dsp.Audio;

/// <summary>Channel and sample-rate conversions that bring any clip to what the spectrogram code expects.</summary>
public static class AudioClipConversions
{
    /// <summary>The average of all channels (the clip itself when it is already mono).</summary>
    public static AudioClip MixToMono(this AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.ChannelCount == 1)
        {
            return clip;
        }

        var mono = new float[clip.Length];
        float scale = 1f / clip.ChannelCount;
        foreach (var channel in clip.Channels)
        {
            for (int i = 0; i < mono.Length; i++)
            {
                mono[i] += channel[i] * scale;
            }
        }

        return new AudioClip(clip.SampleRate, mono);
    }

    /// <summary>The clip at <paramref name="sampleRate"/> (itself when already there), length scaled and rounded.</summary>
    public static AudioClip WithSampleRate(this AudioClip clip, int sampleRate, ResampleMode mode = ResampleMode.Clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.SampleRate == sampleRate)
        {
            return clip;
        }

        int length = (int)Math.Round((double)clip.Length * sampleRate / clip.SampleRate);
        return Resampler.Resample(clip, Math.Max(1, length), sampleRate, mode);
    }
}
