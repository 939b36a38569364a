using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>Scenario 3: alpha automated from 0 to 1 over 4 bars plays the morph without gaps or clicks.</summary>
public sealed class AlphaAutomationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Alpha_automated_0_to_1_over_4_bars_plays_without_gaps_or_clicks()
    {
        await using var stage = Stage.Start(output);
        await stage.UntilWholeGridPlaysAsync();
        Song song = stage.Song;
        int swapsBefore = song.Swaps.Count;

        // A host automation ramp, one point every 64 samples, from the next bar line over 4 bars, then a bar at alpha 1.
        const int step = 64;
        const long ramp = 4 * Stage.Bar120;
        long from = (song.Position / Stage.Bar120 + 1) * Stage.Bar120;
        var points = new SortedDictionary<long, float>();
        for (long p = from; p <= from + ramp; p += step)
            points[p] = (float)((p - from) / (double)ramp);
        foreach ((long p, float value) in points)
            song.Automate(p, ParameterId.Alpha, value);
        song.PlayTo(from + ramp + Stage.Bar120);

        Assert.Equal(swapsBefore, song.Swaps.Count); // the morph is the player's own mixing; nothing new came in
        AlphaGrid grid = stage.Player.Playing!;
        (LoopBuffer a, LoopBuffer b) = Stage.Ends(grid);
        Assert.Equal(2, grid.PointCount);
        long[] times = [.. points.Keys];
        float AlphaAt(long p)
        {
            int k = Array.BinarySearch(times, p);
            return points[times[k >= 0 ? k : ~k - 1]];
        }

        // The output is the mix (1 − alpha)·A + alpha·B of the two grid loops with the automated alpha in force.
        Stage.AssertOutput(song, from, song.Position, p =>
        {
            float x = AlphaAt(p);
            int i = (int)(p % Stage.Loop120);
            return ((1 - x) * a.LeftSamples[i] + x * b.LeftSamples[i], (1 - x) * a.RightSamples[i] + x * b.RightSamples[i]);
        }, 1e-6f, "the alpha mix");

        // No gap: no zero stretch longer than the loops' own (or 3 ms).
        int allowedZeros = Math.Max(144, Math.Max(Signal.LongestZeroRunLooped(a.LeftSamples), Signal.LongestZeroRunLooped(b.LeftSamples)));
        int start = (int)(from - song.Origin);
        Assert.True(Signal.LongestZeroRun(song.Left[start..]) <= allowedZeros, $"a gap of {Signal.LongestZeroRun(song.Left[start..])} zero samples");
        Assert.True(Signal.LongestZeroRun(song.Right[start..]) <= allowedZeros, $"a gap of {Signal.LongestZeroRun(song.Right[start..])} zero samples (right)");

        // No click: a mix of two loops moves per sample at most by the larger of their own largest jumps (wrap
        // included) plus the alpha step times their largest difference; allow float rounding on top.
        float alphaStep = step / (float)ramp;
        AssertNoClick(song.Left[(start - 1)..], a.LeftSamples, b.LeftSamples, alphaStep, "left");
        AssertNoClick(song.Right[(start - 1)..], a.RightSamples, b.RightSamples, alphaStep, "right");
    }

    private static void AssertNoClick(ReadOnlySpan<float> output, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float alphaStep, string channel)
    {
        float bound = Math.Max(Signal.MaxJumpLooped(a), Signal.MaxJumpLooped(b)) + alphaStep * Signal.MaxDifference(a, b) + 1e-5f;
        float jump = Signal.MaxJump(output);
        Assert.True(jump <= bound, $"a click ({channel}): the output jumps by {jump}, more than the loops' own bound {bound}");
    }
}
