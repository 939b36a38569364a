using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Plugin.Core.Tests.Engine;
using RiffusionVst.Plugin.Core.Transport;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Tests.State;

/// <summary>The engine client's side of persistence against a stand-in engine on a real pipe: restore, freeze, offline waits.</summary>
public class EngineClientPersistenceTests
{
    private static readonly string[] Restoring = [Capabilities.Retime, Capabilities.RenderFromImages];

    private static PluginProcessor Processor(double bpm = 120, bool offline = false)
    {
        var processor = new PluginProcessor(new PluginParameters());
        processor.Prepare(48000, 64);
        Tick(processor, bpm, offline);
        return processor;
    }

    private static void Tick(PluginProcessor processor, double bpm, bool offline = false)
    {
        var buffer = new float[64];
        processor.Process(buffer, buffer, buffer, buffer, new TransportInfo(bpm, false, 0, IsOffline: offline), []);
    }

    private static EngineClientOptions Options(string pipe, int points = 3) => new()
    {
        PipeName = pipe,
        StartEngine = false,
        ConnectTimeout = TimeSpan.FromMilliseconds(300),
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        PollInterval = TimeSpan.FromMilliseconds(5),
        SettleTime = TimeSpan.FromMilliseconds(30),
        GridPointCount = points,
    };

    private static LoopReady Loop(long requestId, float alpha, double bpm, string key, byte[]? png = null, float value = 0.25f)
    {
        int n = (int)LoopLength.Samples(bpm, 2, 4, 48000);
        var pcm = new float[n];
        Array.Fill(pcm, value);
        return new LoopReady { RequestId = requestId, Alpha = alpha, GenerationKey = key, Bpm = bpm, Bars = 2, BeatsPerBar = 4, SampleRate = 48000, Pcm = [pcm, pcm], Png = png };
    }

    /// <summary>Plain settings matching <see cref="TestPngs.Grid"/>, so a restored grid answers the parameters.</summary>
    private static (PluginProcessor Processor, PromptSlots Prompts) Matching(StoredGrid grid, double bpm = 120)
    {
        PluginProcessor processor = Processor(bpm);
        var prompts = new PromptSlots();
        prompts.Set(0, grid.Settings.TextA);
        prompts.Set(1, grid.Settings.TextB);
        return (processor, prompts);
    }

    [Fact]
    public async Task A_complete_grid_becomes_the_stored_grid_with_each_points_image_and_its_settings()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe, Restoring);
        PluginProcessor processor = Processor();
        var prompts = new PromptSlots();
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Start();

        RenderRequest request = await engine.WaitFor<RenderRequest>();
        Assert.True(request.IncludePng);
        byte[][] pngs = [TestPngs.Grey(512, 512, 1), TestPngs.Grey(512, 512, 2), TestPngs.Grey(512, 512, 3)];
        await engine.SendAsync(Loop(request.RequestId, 0.5f, 120, "g1", pngs[1]));
        await engine.SendAsync(Loop(request.RequestId, 0f, 120, "g0", pngs[0]));
        await Eventually.True(() => processor.Player.Pending?.PresentCount == 2, "two loops");
        Assert.Null(client.StoredGrid); // an incomplete grid is not what a project keeps
        await engine.SendAsync(Loop(request.RequestId, 1f, 120, "g2", pngs[2]));
        await Eventually.True(() => client.StoredGrid is not null, "the complete grid was never stored");

        StoredGrid stored = client.StoredGrid!;
        Assert.Equal(pngs, stored.Points.Select(p => p.Png));
        Assert.Equal(new StoredGridSettings(prompts[0], 42, prompts[1], 43, 0.75f, 7f, 2, 4, "four-on-the-floor", null, "", 50, "pndm"), stored.Settings);
    }

    [Fact]
    public async Task A_restored_grid_goes_to_the_engine_as_images_at_the_host_tempo_and_plays_with_no_render_request()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe, Restoring);
        StoredGrid grid = TestPngs.Grid(points: 3);
        var (processor, prompts) = Matching(grid, bpm: 100);
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Restore(grid);
        Assert.Same(grid, client.StoredGrid); // saved again as it is, even before the engine answers
        client.Start();

        RenderFromImages restore = await engine.WaitFor<RenderFromImages>();
        Assert.Equal(grid.Points.Select(p => p.Png), restore.Images.Select(i => i.Png));
        Assert.Equal([0f, 0.5f, 1f], restore.Images.Select(i => i.Alpha));
        Assert.Equal((100.0, 2, 4, 48000, 2), (restore.Bpm, restore.Bars, restore.BeatsPerBar, restore.SampleRate, restore.Channels));
        Assert.Equal("Restoring loops from the project… 1/3", client.Status.Text);
        Assert.True(processor.Offline.IsExpected);

        for (int i = 0; i < 3; i++)
            await engine.SendAsync(Loop(restore.RequestId, i / 2f, 100, "s" + i));
        await Eventually.True(() => processor.Player.Pending?.PresentCount == 3, "the restored loops never reached the player");
        await Eventually.True(() => !processor.Offline.IsExpected, "an offline render would still wait");
        Assert.Equal("Connected — all loops ready", client.Status.Text);
        Assert.Same(grid, client.StoredGrid); // saved as the project had it, naming the model that made it

        // The restored loops retime like any others (the engine knows their images now); the client, having decided
        // on renders before retimes in the same pass, asked for none.
        Tick(processor, 90);
        await engine.WaitFor<Retime>(r => r.GenerationKey == "s2" && r.Bpm == 90);
        Assert.Empty(engine.All<RenderRequest>());
    }

    [Fact]
    public async Task An_engine_that_lost_an_image_gets_the_stored_images_back_instead_of_a_render_request()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe, Restoring);
        PluginProcessor processor = Processor();
        await using var client = new EngineClient(processor, new PromptSlots(), Options(pipe, points: 2));
        client.Start();
        RenderRequest request = await engine.WaitFor<RenderRequest>();
        await engine.SendAsync(Loop(request.RequestId, 0f, 120, "g0", TestPngs.Grey(512, 512, 1)));
        await engine.SendAsync(Loop(request.RequestId, 1f, 120, "g1", TestPngs.Grey(512, 512, 2)));
        await Eventually.True(() => client.StoredGrid is not null, "grid");

        Tick(processor, 100);
        Retime retime = await engine.WaitFor<Retime>(r => r.GenerationKey == "g0");
        await engine.SendAsync(ErrorMessage.Create(ErrorCode.UnknownGeneration, "Generation 'g0' is not in the engine's cache", retime.RequestId));
        RenderFromImages restore = await engine.WaitFor<RenderFromImages>();
        Assert.Equal(client.StoredGrid!.Points.Select(p => p.Png), restore.Images.Select(i => i.Png));
        Assert.Equal(100, restore.Bpm);
        Assert.Single(engine.All<RenderRequest>());
    }

    [Fact]
    public async Task Images_the_engine_refuses_are_reported_and_the_grid_is_asked_for_anew()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe, Restoring);
        StoredGrid grid = TestPngs.Grid(points: 3);
        var (processor, prompts) = Matching(grid);
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Restore(grid);
        client.Start();

        RenderFromImages restore = await engine.WaitFor<RenderFromImages>();
        await engine.SendAsync(ErrorMessage.Create(ErrorCode.InvalidRequest, "Stored image 2 (alpha 0.5) is not a readable PNG", restore.RequestId));
        RenderRequest request = await engine.WaitFor<RenderRequest>();
        Assert.Equal(3, request.AlphaGrid!.Length);
        Assert.Equal("The project's stored loops could not be used (Stored image 2 (alpha 0.5) is not a readable PNG); rendering them anew.", client.LastError);
        Assert.False(processor.Offline.IsExpected);
    }

    [Fact]
    public async Task While_frozen_no_render_is_asked_for_but_a_tempo_change_still_retimes_and_unfreezing_asks_again()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe, Restoring);
        PluginProcessor processor = Processor();
        var prompts = new PromptSlots();
        await using var client = new EngineClient(processor, prompts, Options(pipe, points: 2));
        client.Start();
        RenderRequest first = await engine.WaitFor<RenderRequest>();
        await engine.SendAsync(Loop(first.RequestId, 0f, 120, "g0"));
        await engine.SendAsync(Loop(first.RequestId, 1f, 120, "g1"));
        await Eventually.True(() => processor.Player.Pending?.PresentCount == 2, "grid");

        processor.Parameters.Set(ParameterId.Freeze, 1);
        prompts.Set(0, "a different prompt");
        processor.Parameters.Set(ParameterId.Seed, 9);
        Tick(processor, 90);
        Retime retime = await engine.WaitFor<Retime>();
        Assert.Equal(90, retime.Bpm);
        await engine.WaitFor<Retime>(r => r.GenerationKey == "g1");
        // The settings changed before the tempo did, so they had settled by the pass that sent the retime: frozen, no render.
        Assert.Single(engine.All<RenderRequest>());

        processor.Parameters.Set(ParameterId.Freeze, 0);
        RenderRequest second = await engine.WaitFor<RenderRequest>(r => r.RequestId != first.RequestId);
        Assert.Equal("a different prompt", second.PromptA.Text);
        Assert.Equal(9, second.PromptA.Seed);
    }

    [Fact]
    public async Task An_offline_block_waits_for_the_restored_loops_and_then_plays_them_from_its_first_bar_line()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe, Restoring);
        StoredGrid grid = TestPngs.Grid(points: 3);
        var (processor, prompts) = Matching(grid);
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Restore(grid);
        client.Start();

        var left = new float[64];
        var right = new float[64];
        Task<float> bounce = Task.Run(() =>
        {
            processor.Process([], [], left, right, new TransportInfo(120, true, 0, IsOffline: true), []);
            return left[^1];
        });
        RenderFromImages restore = await engine.WaitFor<RenderFromImages>();
        Assert.False(bounce.IsCompleted); // the offline block is waiting for the loops, not rendering silence
        for (int i = 0; i < 3; i++)
            await engine.SendAsync(Loop(restore.RequestId, i / 2f, 120, "s" + i, value: 0.5f));

        float last = await bounce;
        Assert.False(processor.Offline.GaveUp);
        // Sample 63 of the 10 ms (480-sample) fade-in from silence: 0.5 · sin((63.5 / 480) · π/2).
        Assert.Equal(0.5f * (float)Math.Sin(63.5 / 480 * Math.PI / 2), last, 6);
    }

    [Fact]
    public void An_offline_render_stops_waiting_after_its_limit_and_says_it_gave_up()
    {
        PluginProcessor processor = Processor();
        processor.Offline.Limit = TimeSpan.FromMilliseconds(20);
        processor.Offline.Expect();
        var buffer = new float[64];
        processor.Process([], [], buffer, buffer, new TransportInfo(120, true, 0, IsOffline: true), []);
        Assert.True(processor.Offline.GaveUp);
        // Later blocks do not wait again, and a real-time block never waits at all.
        processor.Process([], [], buffer, buffer, new TransportInfo(120, true, 64, IsOffline: true), []);
        Assert.True(processor.Offline.IsExpected);
    }
}
