using RiffusionVst.Plugin.Core.Playback;

namespace RiffusionVst.Plugin.Core.Tests.Hosting;

/// <summary>Loops whose samples reveal where they were read from.</summary>
internal static class TestLoops
{
    /// <summary>Left = marker·1e6 + index (exact in float below 2^24); right = −left.</summary>
    public static LoopBuffer Marked(int marker, int length, int bars = 2, int beatsPerBar = 4, double bpm = 120, double rate = 48000)
    {
        var l = new float[length];
        var r = new float[length];
        for (int i = 0; i < length; i++)
        {
            l[i] = marker * 1_000_000f + i;
            r[i] = -l[i];
        }
        return new LoopBuffer(l, r, bars, beatsPerBar, bpm, rate);
    }

    /// <summary>A constant loop (DC) in both channels.</summary>
    public static LoopBuffer Constant(float value, int length, int bars = 2, int beatsPerBar = 4, double bpm = 120, double rate = 48000)
    {
        var l = new float[length];
        Array.Fill(l, value);
        return new LoopBuffer(l, l, bars, beatsPerBar, bpm, rate);
    }

    /// <summary>A loop of sines with a per-marker frequency, values in [−1, 1].</summary>
    public static LoopBuffer Sine(int marker, int length, int bars = 2, int beatsPerBar = 4, double bpm = 120, double rate = 48000)
    {
        var l = new float[length];
        var r = new float[length];
        for (int i = 0; i < length; i++)
        {
            l[i] = (float)Math.Sin(2 * Math.PI * (marker + 1) * 3 * i / length);
            r[i] = (float)Math.Cos(2 * Math.PI * (marker + 2) * 5 * i / length);
        }
        return new LoopBuffer(l, r, bars, beatsPerBar, bpm, rate);
    }

    /// <summary>A grid with a loop at each listed point.</summary>
    public static AlphaGrid Grid(int pointCount, Func<int, LoopBuffer> loopAt, params int[] points)
    {
        var grid = new AlphaGrid(pointCount, loopAt(points[0]).Bars, loopAt(points[0]).BeatsPerBar, "test");
        foreach (int p in points)
            grid = grid.With(p, loopAt(p));
        return grid;
    }
}
