using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Playback;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>Scenario 1: at 120 BPM and 48 kHz, loops from the real engine start on bar lines and last exactly 2 bars.</summary>
public sealed class LoopsOnBarLinesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Loops_from_the_engine_start_on_bar_lines_and_are_exactly_192000_samples()
    {
        await using var stage = Stage.Start(output);
        await stage.UntilWholeGridPlaysAsync();
        Song song = stage.Song;
        song.Play(2 * Stage.Loop120 + Stage.Bar120);

        AlphaGrid grid = stage.Player.Playing!;
        for (int i = 0; i < grid.PointCount; i++)
        {
            LoopBuffer loop = grid[i]!;
            Assert.Equal(Stage.Loop120, loop.Length);
            Assert.Equal(120, loop.Bpm);
            Assert.Equal(48_000, loop.SampleRate);
            Assert.True(Signal.Peak(loop.LeftSamples) > 0.01f, $"loop {i} is (nearly) silent: peak {Signal.Peak(loop.LeftSamples)}");
        }

        // Every grid the engine delivered came in at a bar line: a multiple of 96 000 from project sample 0.
        Assert.NotEmpty(song.Swaps);
        foreach (GridSwap swap in song.Swaps)
            Assert.True(swap.BarLineInBlock(Stage.Bar120) is not null, $"a grid came in during [{swap.BlockStart}, {swap.BlockEnd}), which holds no bar line");

        // Silence until the first loop, and its first sample is audible exactly at that bar line.
        long first = song.Swaps[0].BarLineInBlock(Stage.Bar120)!.Value;
        Assert.True(first > 0, "the first loop cannot be in before the engine was even asked");
        Assert.Equal(-1, Signal.FirstNonZero(song.Left[..(int)first]));
        Assert.Equal(-1, Signal.FirstNonZero(song.Right[..(int)first]));
        Assert.Equal(first, (long)Signal.FirstNonZero(song.Left));

        // Once the last grid's crossfade is over, the output is the alpha-0 loop read at (project sample mod 192 000):
        // anchored at sample 0, exactly 192 000 long, for more than two whole loops.
        LoopBuffer a = grid[0]!;
        long settled = song.Swaps[^1].BarLineInBlock(Stage.Bar120)!.Value + Stage.Crossfade;
        Assert.True(song.Position - settled >= 2 * Stage.Loop120);
        Stage.AssertOutput(song, settled, song.Position,
            p => (a.LeftSamples[(int)(p % Stage.Loop120)], a.RightSamples[(int)(p % Stage.Loop120)]), 0f,
            "the loop at (project sample mod 192000)");
    }
}
