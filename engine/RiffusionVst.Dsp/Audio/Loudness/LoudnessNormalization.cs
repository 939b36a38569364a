using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Dsp.Audio.Loudness;

/// <summary>The result of <see cref="LoudnessNormalizer.Normalize"/>: the scaled clip and what was measured and applied.</summary>
/// <param name="Clip">The clip after the gain (a new clip; the input is not changed).</param>
/// <param name="MeasuredLufs">Integrated loudness of the input (negative infinity for silence).</param>
/// <param name="GainDb">The one gain applied to every sample, in dB.</param>
/// <param name="InputPeakDbfs">Peak of the input (true or sample peak, as the options say), in dBFS.</param>
/// <param name="PeakLimited">Whether the peak ceiling, not the loudness target, set the gain.</param>
public sealed record LoudnessNormalization(AudioClip Clip, double MeasuredLufs, double GainDb, double InputPeakDbfs, bool PeakLimited);
