using System.Text.Json.Nodes;
using RiffusionVst.Plugin.Acceptance.Tests.Engine;
using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.State;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>
/// Scenario 6: a project keeps its sound. The state carries the grid's images; reopened against an engine that never
/// saw them (another cache folder, <c>--no-diffusion</c>: no model at all), the loops come back sample for sample
/// with no diffusion, at any tempo; offline bounces repeat bit for bit; a damaged state falls back with a warning.
/// </summary>
public sealed class ProjectPersistenceTests(ITestOutputHelper output)
{
    /// <summary>Renders a grid on the tiny model, saves the state with its images, then kills that engine and deletes its cache.</summary>
    private async Task<(byte[] State, AlphaGrid Grid)> RenderSaveAndForgetAsync(double bpm = 120, double? retimeTo = null)
    {
        await using var stage = Stage.Start(output);
        await stage.UntilWholeGridPlaysAsync();
        if (retimeTo is { } tempo)
        {
            // The engine retimes the same images to the new tempo; that retimed grid is what the project plays.
            stage.Song.Bpm = tempo;
            long length = RiffusionVst.Plugin.Core.Transport.LoopTiming.LoopLength(2, 4, tempo, PluginInstance.SampleRate);
            await stage.Song.PlayUntilAsync(() => Stage.WholeGridPlays(stage.Player) && stage.Player.Playing!.PointCount == stage.Player.Playing.PresentCount
                && Enumerable.Range(0, stage.Player.Playing.PointCount).All(i => stage.Player.Playing[i]!.Length == length), $"the grid retimed to {tempo} BPM");
        }
        PluginInstance plugin = stage.Plugin;
        StoredGrid stored = plugin.Client.StoredGrid ?? throw new InvalidOperationException("the client kept no stored grid after a complete grid");
        byte[] state = PluginStateSerializer.Save(PluginState.Capture(plugin.Parameters, plugin.Prompts, plugin.InstanceId, stored));
        output.WriteLine($"state: {state.Length} bytes, images {stored.ImageBytes} bytes for {stored.PointCount} points of {stored.Settings.Bars} bars");
        AlphaGrid grid = stage.Player.Playing!;
        await plugin.DisposeAsync();
        stage.Engine.Kill();
        Directory.Delete(stage.Engine.CacheFolder, recursive: true);
        return (state, grid);
    }

    private static PluginInstance Reopen(EngineProcess engine, byte[] state, out StateLoadResult loaded)
    {
        loaded = PluginStateSerializer.Load(state);
        var plugin = new PluginInstance(engine, loaded.State);
        if (loaded.State.Grid is { } grid)
            plugin.Client.Restore(grid);
        return plugin;
    }

    private static void AssertSameLoops(AlphaGrid expected, AlphaGrid actual, string what)
    {
        Assert.Equal(expected.PointCount, actual.PointCount);
        for (int i = 0; i < expected.PointCount; i++)
        {
            Assert.True(expected[i]!.LeftSamples.SequenceEqual(actual[i]!.LeftSamples), $"{what}: point {i} (left) differs from the saved loop");
            Assert.True(expected[i]!.RightSamples.SequenceEqual(actual[i]!.RightSamples), $"{what}: point {i} (right) differs from the saved loop");
        }
    }

    [Fact]
    public async Task A_reopened_project_on_an_engine_without_a_model_or_cache_plays_the_saved_loops_sample_for_sample_with_no_diffusion()
    {
        (byte[] state, AlphaGrid saved) = await RenderSaveAndForgetAsync();

        using var engine = new EngineProcess("--no-diffusion");
        await using var reopened = Reopen(engine, state, out StateLoadResult loaded);
        Assert.Null(loaded.Warning);
        Assert.Equal(2, loaded.State.Grid!.PointCount);
        var song = new Song(reopened, 120, () => engine.LogText);
        reopened.Start();
        LoopPlayer player = reopened.Processor.Player;
        await song.PlayUntilAsync(() => Stage.WholeGridPlays(player), "the project's loops restored and playing");
        song.Play(Stage.Loop120);

        // While the engine worked the plugin said so; every loop that came in is the saved one, on a bar line.
        Assert.Contains(song.StatusChanges, c => c.Status.Text.StartsWith("Restoring loops from the project", StringComparison.Ordinal));
        foreach (GridSwap swap in song.Swaps)
        {
            Assert.True(swap.BarLineInBlock(Stage.Bar120) is not null, $"a grid came in during [{swap.BlockStart}, {swap.BlockEnd}), which holds no bar line");
            for (int i = 0; i < saved.PointCount; i++)
            {
                if (swap.Grid?[i] is { } loop)
                    Assert.True(saved[i]!.LeftSamples.SequenceEqual(loop.LeftSamples), $"point {i} of the grid that came in during [{swap.BlockStart}, {swap.BlockEnd}) is not the saved loop");
            }
        }
        AssertSameLoops(saved, player.Playing!, "the reopened project");
        long settled = song.Swaps[^1].BarLineInBlock(Stage.Bar120)!.Value + Stage.Crossfade;
        LoopBuffer a = saved[0]!;
        Stage.AssertOutput(song, settled, song.Position, p => (a.LeftSamples[(int)(p % Stage.Loop120)], a.RightSamples[(int)(p % Stage.Loop120)]), 0f, "the reopened project");

        // No render request, no generator run: the server's own counters agree.
        Assert.Equal(0, engine.RenderRequests);
        Assert.Equal(0, engine.GeneratorRuns);
        Assert.Equal(1, engine.CountLog("stored image(s) to loops"));
        if (engine.StopAndReadCounters() is { } counters)
        {
            Assert.Equal(0, counters.DiffusionRuns);
            Assert.Equal(2, counters.LoopsDelivered);
        }
        output.WriteLine(engine.LogText);
    }

    [Fact]
    public async Task Reopened_at_90_BPM_the_loops_are_the_stored_images_retimed_exactly_256000_samples_and_seamless()
    {
        // The reference: the first engine's own retime of its images to 90 BPM (no diffusion there either).
        (byte[] state, AlphaGrid retimed) = await RenderSaveAndForgetAsync(retimeTo: 90);

        using var engine = new EngineProcess("--no-diffusion");
        await using var reopened = Reopen(engine, state, out StateLoadResult loaded);
        Assert.Null(loaded.Warning);
        var song = new Song(reopened, 90, () => engine.LogText);
        reopened.Start();
        LoopPlayer player = reopened.Processor.Player;
        await song.PlayUntilAsync(() => Stage.WholeGridPlays(player), "the project's loops restored at 90 BPM and playing");
        song.Play(Stage.Loop90);

        for (int i = 0; i < player.Playing!.PointCount; i++)
        {
            LoopBuffer loop = player.Playing[i]!;
            Assert.Equal(Stage.Loop90, loop.Length);
            Assert.Equal(90, loop.Bpm);
            // Seamless: the wrap from the last sample to the first jumps no more than the loop does inside.
            Assert.True(Math.Abs(loop.LeftSamples[0] - loop.LeftSamples[^1]) <= Signal.MaxJump(loop.LeftSamples),
                $"point {i} clicks where it wraps: {loop.LeftSamples[^1]} → {loop.LeftSamples[0]}");
        }
        AssertSameLoops(retimed, player.Playing, "the project reopened at 90 BPM");
        long settled = song.Swaps[^1].BarLineInBlock(Stage.Bar90)!.Value + Stage.Crossfade;
        LoopBuffer a = player.Playing[0]!;
        Stage.AssertOutput(song, settled, song.Position, p => (a.LeftSamples[(int)(p % Stage.Loop90)], a.RightSamples[(int)(p % Stage.Loop90)]), 0f, "the project at 90 BPM");
        Assert.Equal(0, engine.RenderRequests);
        Assert.Equal(0, engine.GeneratorRuns);
    }

    [Fact]
    public async Task Two_offline_bounces_of_the_reopened_project_are_sample_identical_and_never_wait_in_silence()
    {
        (byte[] state, AlphaGrid saved) = await RenderSaveAndForgetAsync();
        using var engine = new EngineProcess("--no-diffusion");
        var bounces = new List<(float[] Left, float[] Right)>();
        for (int take = 0; take < 2; take++)
        {
            await using var reopened = Reopen(engine, state, out _);
            reopened.Start();
            // Blocks back to back from bar 1; the first block waits for the stored loops instead of rendering silence.
            bounces.Add(OfflineBounce.Render(reopened, 120, 2 * Stage.Loop120));
            Assert.False(reopened.Processor.Offline.GaveUp);
        }

        Assert.True(bounces[0].Left.AsSpan().SequenceEqual(bounces[1].Left) && bounces[0].Right.AsSpan().SequenceEqual(bounces[1].Right),
            "two bounces of the same project differ");
        // The loop is there from bar 1 (faded in over the 10 ms crossfade) and is the saved one sample for sample.
        LoopBuffer a = saved[0]!;
        Assert.True(Signal.FirstNonZero(bounces[0].Left) < Stage.Crossfade, "the bounce starts in silence");
        for (int p = Stage.Crossfade; p < bounces[0].Left.Length; p++)
            Assert.True(bounces[0].Left[p] == a.LeftSamples[p % (int)Stage.Loop120], $"bounce sample {p} is {bounces[0].Left[p]}, the saved loop has {a.LeftSamples[p % (int)Stage.Loop120]}");
        Assert.Equal(0, engine.RenderRequests);
        Assert.Equal(0, engine.GeneratorRuns);
    }

    [Fact]
    public async Task A_frozen_project_keeps_its_loops_through_prompt_changes_and_retimes_the_stored_images_on_a_tempo_change()
    {
        (byte[] state, AlphaGrid saved) = await RenderSaveAndForgetAsync();
        using var engine = new EngineProcess("--no-diffusion");
        StateLoadResult loaded = PluginStateSerializer.Load(state);
        loaded.State.Values[(int)ParameterId.Freeze] = 1;
        await using var reopened = new PluginInstance(engine, loaded.State);
        reopened.Client.Restore(loaded.State.Grid!);
        var song = new Song(reopened, 120, () => engine.LogText);
        reopened.Start();
        LoopPlayer player = reopened.Processor.Player;
        await song.PlayUntilAsync(() => Stage.WholeGridPlays(player), "the frozen project's loops restored and playing");
        AssertSameLoops(saved, player.Playing!, "the frozen project");

        // Frozen: new prompts and seeds ask for nothing; the new tempo is a retime of the images the engine was given.
        reopened.Prompts.Set(0, "acceptance: something else entirely");
        reopened.Parameters.Set(ParameterId.Seed, 999);
        song.Bpm = 90;
        await song.PlayUntilAsync(() => Stage.WholeGridPlays(player) && Enumerable.Range(0, player.Playing!.PointCount).All(i => player.Playing[i]!.Length == Stage.Loop90),
            "the frozen grid retimed to 90 BPM");
        Assert.Equal(0, engine.RenderRequests);
        Assert.Equal(0, engine.GeneratorRuns);
        Assert.Equal(2, engine.Retimes);

        // Unfrozen, the plugin asks for what the settings now say.
        reopened.Parameters.Set(ParameterId.Freeze, 0);
        await song.PlayUntilAsync(() => engine.RenderRequests == 1, "a render request once unfrozen");
    }

    [Fact]
    public async Task An_offline_bounce_with_no_stored_loops_says_so_in_the_status_and_the_engine_log()
    {
        using var engine = new EngineProcess("--no-diffusion");
        await using var plugin = new PluginInstance(engine);
        plugin.Start();
        DateTime limit = DateTime.UtcNow.AddSeconds(60);
        while (engine.CountLog("Offline bounce: the project carries no stored loops") == 0)
        {
            Assert.True(DateTime.UtcNow < limit, "Gave up waiting 60 s for the engine to log the bounce without stored loops. Engine log:" + Environment.NewLine + engine.LogText);
            OfflineBounce.Render(plugin, 120, 1024);
            await Task.Delay(1);
        }
        Assert.Contains("no stored loops", plugin.Client.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_with_a_damaged_image_loads_its_settings_with_a_warning_and_the_engine_renders_anew()
    {
        (byte[] state, _) = await RenderSaveAndForgetAsync();
        JsonNode json = JsonNode.Parse(state)!;
        JsonNode point = json["grid"]!["points"]![1]!;
        byte[] png = Convert.FromBase64String(point["png"]!.GetValue<string>());
        png[png.Length / 2] ^= 0x5A;
        point["png"] = Convert.ToBase64String(png);
        byte[] damaged = System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());

        StateLoadResult loaded = PluginStateSerializer.Load(damaged);
        Assert.Null(loaded.State.Grid);
        Assert.Contains("image 2 is unusable: its bytes are damaged", loaded.Warning, StringComparison.Ordinal);
        StateLoadResult intact = PluginStateSerializer.Load(state);
        foreach (ParameterDescriptor d in ParameterCatalog.All)
            Assert.Equal(intact.State.Values[(int)d.Id], loaded.State.Values[(int)d.Id]);
        Assert.Equal(intact.State.PromptTexts, loaded.State.PromptTexts);

        // The plugin keeps working: it asks the engine anew and plays what it renders.
        using var engine = new EngineProcess("--no-diffusion");
        await using var reopened = Reopen(engine, damaged, out _);
        var song = new Song(reopened, 120, () => engine.LogText);
        reopened.Start();
        await song.PlayUntilAsync(() => Stage.WholeGridPlays(reopened.Processor.Player), "a grid rendered anew");
        Assert.Equal(1, engine.RenderRequests);
    }

    [Fact]
    public async Task Images_the_engine_cannot_decode_are_refused_and_the_plugin_renders_anew()
    {
        (byte[] state, _) = await RenderSaveAndForgetAsync();
        StoredGrid grid = PluginStateSerializer.Load(state).State.Grid!;
        // Checksums intact, pixels not: only the engine's full decode finds it.
        byte[] png = (byte[])grid.Points[0].Png.Clone();
        int idat = IndexOf(png, "IDAT"u8);
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idat - 4));
        png.AsSpan(idat + 4, Math.Min(length, 64)).Fill(0xFF);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(idat + 4 + length), PngCheck.Crc32(png.AsSpan(idat, 4 + length)));
        Assert.Null(PngCheck.Problem(png, grid.Columns, StoredGrid.Rows));
        var broken = new StoredGrid(grid.Settings, grid.PointCount, [grid.Points[0] with { Png = png }, grid.Points[1]]);

        using var engine = new EngineProcess("--no-diffusion");
        await using var reopened = new PluginInstance(engine, PluginStateSerializer.Load(state).State);
        reopened.Client.Restore(broken);
        var song = new Song(reopened, 120, () => engine.LogText);
        reopened.Start();
        await song.PlayUntilAsync(() => Stage.WholeGridPlays(reopened.Processor.Player), "a grid rendered anew after the engine refused the images");
        Assert.Contains("stored loops could not be used", reopened.Client.LastError, StringComparison.Ordinal);
        Assert.Equal(1, engine.CountLog("stored images of request"));
        Assert.Equal(1, engine.RenderRequests);
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> what) => data.AsSpan().IndexOf(what);
}
