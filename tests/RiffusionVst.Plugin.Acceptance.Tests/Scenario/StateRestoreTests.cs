using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.State;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>Scenario 5: state saved in the middle of the song and restored plays on with the same settings.</summary>
public sealed class StateRestoreTests(ITestOutputHelper output)
{
    private const float Alpha = 0.25f;
    private const float GainDb = -6f;

    private static void Configure(PluginInstance plugin)
    {
        plugin.Prompts.Set(2, "acceptance: dusty breakbeat with vinyl crackle");
        plugin.Prompts.Set(5, "acceptance: glassy arpeggio");
        plugin.Parameters.Set(ParameterId.PromptSlotA, 2);
        plugin.Parameters.Set(ParameterId.PromptSlotB, 5);
        plugin.Parameters.Set(ParameterId.Seed, 1234);
        plugin.Parameters.Set(ParameterId.Denoising, 0.6f);
        plugin.Parameters.Set(ParameterId.Guidance, 6.5f);
        plugin.Parameters.Set(ParameterId.Alpha, Alpha);
        plugin.Parameters.Set(ParameterId.OutputGain, GainDb);
    }

    [Fact]
    public async Task State_saved_mid_song_and_restored_keeps_playing_the_same_settings()
    {
        await using var stage = Stage.Start(output, Configure);
        await stage.UntilWholeGridPlaysAsync();
        Song song = stage.Song;
        song.Play(Stage.Bar120 + Stage.Bar120 / 3);
        float gain = MathF.Pow(10f, GainDb / 20f);

        // The host saves mid-bar, then (as on undo or a preset reload) sets the same state back while playing.
        byte[] saved = stage.Plugin.SaveState();
        StateLoadResult loaded = PluginStateSerializer.Load(saved);
        Assert.Null(loaded.Warning);
        AlphaGrid grid = stage.Player.Playing!;
        int swapsBefore = song.Swaps.Count;
        long restoredAt = song.Position;
        loaded.State.ApplyTo(stage.Plugin.Parameters, stage.Plugin.Prompts);
        song.Play(Stage.Loop120);
        Assert.Equal(swapsBefore, song.Swaps.Count);
        (LoopBuffer a, LoopBuffer b) = Stage.Ends(grid);
        (float, float) Mix(long p, LoopBuffer x, LoopBuffer y)
        {
            int i = (int)(p % Stage.Loop120);
            return (gain * ((1 - Alpha) * x.LeftSamples[i] + Alpha * y.LeftSamples[i]), gain * ((1 - Alpha) * x.RightSamples[i] + Alpha * y.RightSamples[i]));
        }
        Stage.AssertOutput(song, restoredAt, song.Position, p => Mix(p, a, b), 1e-6f, "the instance after its state was set back");

        // The project is closed and opened again: a fresh instance restores the state and plays on from where it was.
        int generatorRuns = stage.Engine.GeneratorRuns;
        Assert.Equal(2, generatorRuns); // one per grid point
        int requests = stage.Engine.RenderRequests;
        long reopenedAt = song.Position;
        await stage.Plugin.DisposeAsync();
        await using var reopened = new PluginInstance(stage.Engine, PluginStateSerializer.Load(saved).State);
        foreach (ParameterDescriptor d in ParameterCatalog.All)
            Assert.Equal(stage.Plugin.Parameters.Get(d.Id), reopened.Parameters.Get(d.Id));
        Assert.Equal(stage.Plugin.Prompts.ToArray(), reopened.Prompts.ToArray());
        Assert.Equal(stage.Plugin.InstanceId, reopened.InstanceId);

        var song2 = new Song(reopened, 120, () => stage.Engine.LogText, reopenedAt);
        reopened.Start();
        LoopPlayer player = reopened.Processor.Player;
        await song2.PlayUntilAsync(() => Stage.WholeGridPlays(player), "the reopened instance's grid delivered and playing");
        song2.Play(Stage.Loop120);

        // Same settings reached the engine: its generations were found in the cache (no generator run), and one new
        // request (the reopened instance's) was made; the restored instance made none.
        Assert.Equal(generatorRuns, stage.Engine.GeneratorRuns);
        Assert.Equal(requests + 1, stage.Engine.RenderRequests);

        // It plays on a bar line, with the restored alpha and gain, the same music as before.
        foreach (GridSwap swap in song2.Swaps)
            Assert.True(swap.BarLineInBlock(Stage.Bar120) is not null, $"a grid came in during [{swap.BlockStart}, {swap.BlockEnd}), which holds no bar line");
        (LoopBuffer a2, LoopBuffer b2) = Stage.Ends(player.Playing!);
        long settled = song2.Swaps[^1].BarLineInBlock(Stage.Bar120)!.Value + Stage.Crossfade;
        Stage.AssertOutput(song2, settled, song2.Position, p => Mix(p, a2, b2), 1e-6f, "the reopened instance");
        float peak = Signal.Peak(a.LeftSamples);
        Assert.True(Signal.MaxDifference(a.LeftSamples, a2.LeftSamples) <= 0.05f * peak,
            $"the reopened instance's alpha-0 loop differs from the first one by {Signal.MaxDifference(a.LeftSamples, a2.LeftSamples)} (peak {peak})");

        // The server's own counters: the generator ran once per grid point; the reopened instance's loops were cache hits.
        if (stage.Engine.StopAndReadCounters() is { } counters)
        {
            Assert.Equal(2, counters.DiffusionRuns);
            Assert.Equal(2, counters.CacheHits);
        }
    }
}
