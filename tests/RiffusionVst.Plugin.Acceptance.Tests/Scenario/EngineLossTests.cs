using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Playback;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>
/// Scenario 4: the engine process is killed mid-song. The music goes on, the client says the engine is gone, and
/// the plugin starts a new engine by itself through its launcher (the test never restarts it) and reconnects.
/// </summary>
public sealed class EngineLossTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_engine_keeps_the_loop_playing_and_the_plugin_restarts_and_reconnects_it()
    {
        await using var stage = Stage.Start(output);
        await stage.UntilWholeGridPlaysAsync();
        Song song = stage.Song;
        song.Play(Stage.Bar120 / 2);
        Assert.Equal(1, stage.Engine.LaunchCount);
        AlphaGrid before = stage.Player.Playing!;
        int swapsBefore = song.Swaps.Count;
        long killedAt = song.Position;

        stage.Engine.StatusProbe = () => stage.Plugin.Client.Status;
        stage.Engine.Kill();
        await song.PlayUntilAsync(() => stage.Engine.LaunchCount == 2 && stage.Engine.IsRunning
                && stage.Plugin.Client.Status is { State: EngineState.Connected, Total: > 0 } s && s.Rendered == s.Total
                && Stage.WholeGridPlays(stage.Player),
            "the plugin to start a new engine, reconnect and have its grid again");
        song.Play(Stage.Loop120);

        // The client said the engine was gone when it started a new one itself (the test never starts one), and it
        // is connected again with its grid complete.
        EngineStatus atRelaunch = Assert.Single(stage.Engine.StatusAtLaunch);
        Assert.Equal(EngineState.EngineGone, atRelaunch.State);
        Assert.Contains("still playing", atRelaunch.Text, StringComparison.Ordinal);
        Assert.Equal(EngineState.Connected, stage.Plugin.Client.Status.State);
        Assert.Equal(EngineState.Connected, song.StatusChanges[^1].Status.State);
        Assert.Equal(2, stage.Engine.CountLog("serving pipe"));

        // The same loop played on, untouched, from the kill until the reconnected engine's first grid came in.
        long untilSwap = song.Swaps.Count > swapsBefore ? song.Swaps[swapsBefore].BlockStart : song.Position;
        LoopBuffer a = before[0]!;
        Stage.AssertOutput(song, killedAt, untilSwap,
            p => (a.LeftSamples[(int)(p % Stage.Loop120)], a.RightSamples[(int)(p % Stage.Loop120)]), 0f,
            "the loop that played when the engine died");

        // And the music never stopped: no gap anywhere after the kill, and every later grid came in on a bar line.
        int start = (int)(killedAt - song.Origin);
        Assert.True(Signal.LongestZeroRun(song.Left[start..]) <= 48, "the output fell silent after the engine was killed");
        foreach (GridSwap swap in song.Swaps.Skip(swapsBefore))
            Assert.True(swap.BarLineInBlock(Stage.Bar120) is not null, $"a grid came in during [{swap.BlockStart}, {swap.BlockEnd}), which holds no bar line");
        Assert.All(Enumerable.Range(0, stage.Player.Playing!.PointCount), i => Assert.Equal(Stage.Loop120, stage.Player.Playing![i]!.Length));
    }
}
