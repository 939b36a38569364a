namespace RiffusionVst.Plugin.Core.Transport;

/// <summary>The tempo contract shared with the engine: loop length, loop position and bar lines.</summary>
public static class LoopTiming
{
    /// <summary>
    /// Loop length <c>L = round(bars · beatsPerBar · 60 / bpm · sampleRate)</c> in samples;
    /// 0 when bpm or sample rate is not positive (no tempo, nothing to play).
    /// </summary>
    public static long LoopLength(int bars, int beatsPerBar, double bpm, double sampleRate) =>
        Protocol.Messages.LoopLength.SamplesOrZero(bars, beatsPerBar, bpm, sampleRate);

    /// <summary>Position inside a loop of length <paramref name="loopLength"/>: grid sample mod L, never negative.</summary>
    public static long Position(long gridSample, long loopLength)
    {
        if (loopLength <= 0)
            return 0;
        long p = gridSample % loopLength;
        return p < 0 ? p + loopLength : p;
    }

    /// <summary>Index of the loop repetition a grid sample lies in (floor division; negative before bar 1).</summary>
    public static long LoopIndex(long gridSample, long loopLength)
    {
        if (loopLength <= 0)
            return 0;
        long q = gridSample / loopLength;
        return gridSample % loopLength < 0 ? q - 1 : q;
    }

    /// <summary>
    /// Whether loop position <paramref name="position"/> is the first sample of a bar: bar i of the
    /// loop starts at <c>ceil(i · L / bars)</c>, so the bars tile the loop exactly even when L/bars is fractional.
    /// </summary>
    public static bool IsBarStart(long position, long loopLength, int bars)
    {
        if (loopLength <= 0 || bars <= 0)
            return false;
        return position * bars % loopLength < bars;
    }
}
