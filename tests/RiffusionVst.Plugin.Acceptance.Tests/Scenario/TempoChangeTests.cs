using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Playback;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>Scenario 2: a tempo change from 120 to 90 BPM is answered by a retime (no new diffusion), swapped in on a bar line.</summary>
public sealed class TempoChangeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_change_to_90_BPM_the_retimed_256000_sample_loop_is_in_by_the_next_bar_line_without_new_diffusion()
    {
        await using var stage = Stage.Start(output);
        await stage.UntilWholeGridPlaysAsync();
        Song song = stage.Song;
        int generatorRuns = stage.Engine.GeneratorRuns;
        int retimes = stage.Engine.Retimes;
        int requests = stage.Engine.RenderRequests;
        int swapsBefore = song.Swaps.Count;
        Assert.Equal(stage.Player.Playing!.PointCount, generatorRuns); // a fresh engine ran the generator once per grid point

        // The host gives no musical position (AudioPlugSharp gives the project sample only), so the plugin counts bars
        // from sample 0 at the current tempo. The change is made where the song's bar lines at both tempi coincide with
        // the plugin's: 768 000 = 8 bars at 120 = 6 bars at 90, also a whole number of loops at both tempi.
        const long common = 768_000;
        long change = (song.Position / common + 1) * common;
        song.PlayTo(change);
        song.Bpm = 90;

        long answered = -1;
        await song.PlayUntilAsync(() =>
        {
            if (answered < 0 && stage.Player.Pending?[0]?.Length == Stage.Loop90)
                answered = song.Position;
            return answered >= 0 && Stage.WholeGridPlays(stage.Player) && stage.Player.Playing![stage.Player.Playing.PointCount - 1]!.Length == Stage.Loop90;
        }, "the grid retimed to 90 BPM delivered and playing");
        song.Play(Stage.Loop90 + Stage.Bar90);

        AlphaGrid grid = stage.Player.Playing!;
        for (int i = 0; i < grid.PointCount; i++)
        {
            Assert.Equal(Stage.Loop90, grid[i]!.Length);
            Assert.Equal(90, grid[i]!.Bpm);
        }

        // The retimed alpha-0 loop came in on a 90 BPM bar line, no later than the first one after the host saw the answer.
        GridSwap retimedIn = song.Swaps.Skip(swapsBefore).First(s => s.Grid?[0]?.Length == Stage.Loop90);
        long? bar = retimedIn.BarLineInBlock(Stage.Bar90);
        Assert.True(bar is not null, $"the retimed loop came in during [{retimedIn.BlockStart}, {retimedIn.BlockEnd}), which holds no 90 BPM bar line");
        long barAfterAnswer = (answered + Stage.Bar90 - 1) / Stage.Bar90 * Stage.Bar90;
        Assert.InRange(bar!.Value, change, barAfterAnswer);
        foreach (GridSwap swap in song.Swaps.Skip(swapsBefore))
            Assert.True(swap.BarLineInBlock(Stage.Bar90) is not null, $"a grid came in during [{swap.BlockStart}, {swap.BlockEnd}), which holds no 90 BPM bar line");

        // Until then the old loop kept sounding, stretched to the new bar length (no gap).
        int start = (int)(change - song.Origin);
        int end = (int)(bar.Value - song.Origin);
        Assert.True(Signal.LongestZeroRun(song.Left[start..end]) <= 48, "the music stopped between the tempo change and the retimed loop");

        // Afterwards the output is the retimed loop at (project sample mod 256 000).
        LoopBuffer a = grid[0]!;
        long settled = song.Swaps[^1].BarLineInBlock(Stage.Bar90)!.Value + Stage.Crossfade;
        Assert.True(song.Position - settled >= Stage.Loop90);
        Stage.AssertOutput(song, settled, song.Position,
            p => (a.LeftSamples[(int)(p % Stage.Loop90)], a.RightSamples[(int)(p % Stage.Loop90)]), 0f,
            "the retimed loop at (project sample mod 256000)");

        // No diffusion again: every grid point was retimed, no generator run and no new render request.
        Assert.Equal(generatorRuns, stage.Engine.GeneratorRuns);
        Assert.Equal(requests, stage.Engine.RenderRequests);
        Assert.Equal(retimes + grid.PointCount, stage.Engine.Retimes);

        // The server's own counters agree: one generator run per grid point in all, and every loop delivered twice.
        if (stage.Engine.StopAndReadCounters() is { } counters)
        {
            Assert.Equal(grid.PointCount, counters.DiffusionRuns);
            Assert.Equal(2 * grid.PointCount, counters.LoopsDelivered);
        }
    }
}
