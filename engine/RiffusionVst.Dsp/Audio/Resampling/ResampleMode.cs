namespace RiffusionVst.Dsp.Audio.Resampling;

/// <summary>How a resampler treats the samples beyond the ends of its input.</summary>
public enum ResampleMode
{
    /// <summary>A clip: silence before the first and after the last sample.</summary>
    Clip,

    /// <summary>One period of a loop: indices wrap around, so the resampled loop joins itself without a seam.</summary>
    Periodic,
}
