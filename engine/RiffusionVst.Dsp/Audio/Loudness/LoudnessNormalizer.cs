using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Dsp.Audio.Loudness;

/// <summary>Scales a clip by one gain so its integrated loudness approaches a target without its peak passing a ceiling.</summary>
/// <remarks>
/// Why this design: a single gain for the whole clip cannot create a seam in a loop and never changes the sound, only
/// its level; no limiter or compressor is involved. The gain is <c>target − measured</c> (BS.1770 integrated loudness),
/// lowered where needed so that peak × gain ≤ ceiling (−0.1 dBFS, true peak by default), so the output never clips.
/// A dense loud signal therefore ends up quieter than the target rather than distorted. Silence (every block under the
/// −70 LUFS gate) is returned unchanged.
/// </remarks>
public static class LoudnessNormalizer
{
    /// <summary>Normalises a clip (use <see cref="ResampleMode.Periodic"/> for loops so loudness and true peak see it wrap around).</summary>
    public static LoudnessNormalization Normalize(AudioClip clip, ResampleMode mode = ResampleMode.Clip, LoudnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        options ??= new LoudnessOptions();
        double measured = LoudnessMeter.IntegratedLoudness(clip, mode);
        double peak = options.TruePeak ? LoudnessMeter.TruePeak(clip, mode) : LoudnessMeter.SamplePeak(clip);
        double peakDb = 20 * Math.Log10(peak);
        if (double.IsNegativeInfinity(measured) || peak == 0)
        {
            var copy = clip.Channels.Select(c => (float[])c.Clone()).ToArray();
            return new LoudnessNormalization(new AudioClip(clip.SampleRate, copy), measured, 0, peakDb, false);
        }

        double wanted = options.TargetLufs - measured;
        double allowed = options.PeakCeilingDbfs - peakDb;
        bool limited = allowed < wanted;
        double gainDb = Math.Min(wanted, allowed);

        // A hair under the exact gain so float rounding cannot lift the peak above the ceiling.
        float gain = (float)(Math.Pow(10, gainDb / 20) * (1 - 1e-6));
        var channels = clip.Channels.Select(c =>
        {
            var scaled = new float[c.Length];
            for (int i = 0; i < c.Length; i++)
            {
                scaled[i] = c[i] * gain;
            }

            return scaled;
        }).ToArray();
        return new LoudnessNormalization(new AudioClip(clip.SampleRate, channels), measured, gainDb, peakDb, limited);
    }
}
