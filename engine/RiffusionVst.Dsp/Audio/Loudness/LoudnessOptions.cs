using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Dsp.Audio.Loudness;

/// <summary>Targets of <see cref="LoudnessNormalizer"/>.</summary>
public sealed record LoudnessOptions
{
    /// <summary>Integrated loudness to aim for, in LUFS (−14 is what streaming services normalise to).</summary>
    public double TargetLufs { get; init; } = -14;

    /// <summary>Highest allowed peak after the gain, in dBFS.</summary>
    public double PeakCeilingDbfs { get; init; } = -0.1;

    /// <summary>Whether the ceiling applies to the true (4× oversampled) peak rather than the sample peak.</summary>
    public bool TruePeak { get; init; } = true;
}
