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
        return Round(bars, beatsPerBar, bpm, sampleRate);
    }

    /// <summary>The same length for callers that must not throw (the plugin's audio thread); 0 when a value is not positive and finite.</summary>
    public static long SamplesOrZero(int bars, int beatsPerBar, double bpm, double sampleRate)
    {
        bool valid = bars > 0 && beatsPerBar > 0 && bpm > 0 && sampleRate > 0 && double.IsFinite(bpm) && double.IsFinite(sampleRate);
        return valid ? Round(bars, beatsPerBar, bpm, sampleRate) : 0;
    }

    // Away from zero, as Python's round() would not: both sides must agree, and this is the rule.
    private static long Round(int bars, int beatsPerBar, double bpm, double sampleRate) =>
        (long)Math.Round((double)bars * beatsPerBar * 60.0 / bpm * sampleRate, MidpointRounding.AwayFromZero);
}
