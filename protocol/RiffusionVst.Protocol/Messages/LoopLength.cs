namespace RiffusionVst.Protocol.Messages;

/// <summary>The loop-length contract both sides keep: <c>round(bars · beatsPerBar · 60 / bpm · sampleRate)</c>.</summary>
public static class LoopLength
{
    /// <summary>Exact length in samples (per channel) of a loop of whole bars at a tempo and sample rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive or not finite.</exception>
    public static long Samples(double bpm, int bars, int beatsPerBar, int sampleRate)
    {
        if (!double.IsFinite(bpm) || bpm <= 0)
            throw new ArgumentOutOfRangeException(nameof(bpm), bpm, "BPM must be a positive finite number.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bars);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beatsPerBar);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        // Away from zero, as Python's round() would not: both sides must agree, and this is the rule.
        return (long)Math.Round((double)bars * beatsPerBar * 60.0 / bpm * sampleRate, MidpointRounding.AwayFromZero);
    }
}
