using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.Transport;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Tests.Engine;

public class EngineClientTests
{
    private sealed class RecordingLauncher : IEngineLauncher
    {
        public List<string> Pipes { get; } = [];

        public bool TryLaunch(string pipeName, out string? error)
        {
            lock (Pipes)
                Pipes.Add(pipeName);
            error = "no engine in this test";
            return false;
        }
    }

    private static (PluginProcessor Processor, PromptSlots Prompts) Plugin(double bpm = 120)
    {
        var processor = new PluginProcessor(new PluginParameters());
        processor.Prepare(48000, 64);
        Tick(processor, bpm);
        return (processor, new PromptSlots());
    }

    private static void Tick(PluginProcessor processor, double bpm)
    {
        var buffer = new float[64];
        processor.Process(buffer, buffer, buffer, buffer, new TransportInfo(bpm, false, 0), []);
    }

    private static EngineClientOptions Options(string pipe, Guid? id = null) => new()
    {
        PipeName = pipe,
        InstanceId = id ?? Guid.NewGuid(),
        StartEngine = false,
        ConnectTimeout = TimeSpan.FromMilliseconds(300),
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        PollInterval = TimeSpan.FromMilliseconds(5),
        SettleTime = TimeSpan.FromMilliseconds(30),
    };

    private static LoopReady Loop(long requestId, float alpha, double bpm, int rate, string key, float value = 0.25f)
    {
        int n = (int)LoopLength.Samples(bpm, 2, 4, rate);
        var pcm = new float[n];
        Array.Fill(pcm, value);
        return new LoopReady { RequestId = requestId, Alpha = alpha, GenerationKey = key, Bpm = bpm, Bars = 2, BeatsPerBar = 4, SampleRate = rate, Pcm = [pcm, pcm] };
    }

    [Fact]
    public async Task Says_hello_sends_the_prompt_slots_and_asks_for_the_alpha_grid_at_the_host_tempo()
    {
        string pipe = FakeEngine.NewPipeName();
        var id = Guid.NewGuid();
        await using var engine = await FakeEngine.StartAsync(pipe, Capabilities.Retime);
        var (processor, prompts) = Plugin();
        processor.Parameters.Set(ParameterId.Alpha, 0.3f);
        processor.Parameters.Set(ParameterId.SeedPattern, (float)SeedPattern.BoomBap);
        await using var client = new EngineClient(processor, prompts, Options(pipe, id));
        client.Start();

        var hello = await engine.WaitFor<Hello>();
        Assert.Equal(id, hello.InstanceId);
        Assert.Equal("RiffusionVst", hello.ClientName);
        var state = await engine.WaitFor<InstanceState>();
        Assert.Equal(prompts.ToArray(), state.PromptSlots);

        var request = await engine.WaitFor<RenderRequest>();
        Assert.Equal(new[] { 0f, 0.125f, 0.25f, 0.375f, 0.5f, 0.625f, 0.75f, 0.875f, 1f }, request.AlphaGrid);
        Assert.Equal(0.3f, request.CurrentAlpha);
        Assert.Equal(120, request.Bpm);
        Assert.Equal(48000, request.SampleRate);
        Assert.Equal(2, request.Bars);
        Assert.Equal(4, request.BeatsPerBar);
        Assert.Equal("boom-bap", request.SeedPattern);
        Assert.Equal(prompts[0], request.PromptA.Text);
        Assert.Equal(prompts[1], request.PromptB.Text);
        Assert.Equal(42, request.PromptA.Seed);
        Assert.Equal(43, request.PromptB.Seed);
        Assert.Equal(EngineState.Rendering, client.Status.State);
        Assert.Equal("Rendering 1/9", client.Status.Text);

        await engine.SendAsync(Loop(request.RequestId, 0.25f, 120, 48000, "gen-2"));
        await Eventually.True(() => processor.Player.Pending?[2] is not null, "the loop for alpha 0.25 never reached the player");
        Assert.Equal(192000, processor.Player.Pending![2]!.Length);
        Assert.Equal("Rendering 2/9", client.Status.Text);
    }

    [Fact]
    public async Task A_loop_of_the_wrong_length_is_refused_and_reported()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe);
        var (processor, prompts) = Plugin();
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Start();
        var request = await engine.WaitFor<RenderRequest>();
        var bad = Loop(request.RequestId, 0f, 120, 48000, "g");
        bad.Pcm = [bad.Pcm[0][..1000], bad.Pcm[1][..1000]];
        await engine.SendAsync(bad);
        await Eventually.True(() => client.Status.State == EngineState.Error, "the bad loop was not reported");
        Assert.Contains("192000", client.Status.Text);
        Assert.Null(processor.Player.Pending);
    }

    [Fact]
    public async Task A_tempo_change_asks_for_a_retime_and_the_retimed_loop_replaces_the_old()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe, Capabilities.Retime);
        var (processor, prompts) = Plugin();
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Start();
        var request = await engine.WaitFor<RenderRequest>();
        await engine.SendAsync(Loop(request.RequestId, 0f, 120, 48000, "gen-0"));
        await Eventually.True(() => processor.Player.Pending?[0] is not null, "first loop");

        Tick(processor, 100);
        var retime = await engine.WaitFor<Retime>();
        Assert.Equal("gen-0", retime.GenerationKey);
        Assert.Equal(100, retime.Bpm);
        Assert.Equal(48000, retime.SampleRate);
        Assert.Single(engine.All<RenderRequest>()); // a tempo change re-fits, it does not re-diffuse

        await engine.SendAsync(Loop(retime.RequestId, 0f, 100, 48000, "gen-0"));
        await Eventually.True(() => processor.Player.Pending?[0]?.Bpm == 100, "retimed loop");
        Assert.Equal(230400, processor.Player.Pending![0]!.Length);
    }

    [Fact]
    public async Task Changed_settings_cancel_the_old_request_and_ask_for_a_new_grid()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAsync(pipe, Capabilities.Retime);
        var (processor, prompts) = Plugin();
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Start();
        var first = await engine.WaitFor<RenderRequest>();
        processor.Parameters.Set(ParameterId.Bars, 4);
        prompts.Set(1, "glitchy idm");
        var second = await engine.WaitFor<RenderRequest>(r => r.RequestId != first.RequestId);
        Assert.Equal(4, second.Bars);
        Assert.Equal("glitchy idm", second.PromptB.Text);
        var cancel = await engine.WaitFor<Cancel>();
        Assert.Equal(first.RequestId, cancel.RequestId);
        Assert.Contains(engine.All<InstanceState>(), s => s.PromptSlots[1] == "glitchy idm");
    }

    [Fact]
    public async Task Set_prompt_slot_from_the_engine_updates_this_instance_only()
    {
        string pipe = FakeEngine.NewPipeName();
        var id = Guid.NewGuid();
        await using var engine = await FakeEngine.StartAsync(pipe);
        var (processor, prompts) = Plugin();
        await using var client = new EngineClient(processor, prompts, Options(pipe, id));
        client.Start();
        await engine.WaitFor<InstanceState>();
        await engine.SendAsync(new SetPromptSlot { InstanceId = Guid.NewGuid(), Slot = 2, Text = "not for us" });
        await engine.SendAsync(new SetPromptSlot { InstanceId = id, Slot = 5, Text = "sitar raga" });
        await Eventually.True(() => prompts[5] == "sitar raga", "slot 5 never changed");
        Assert.Equal(PromptSlots.DefaultText(2), prompts[2]);
    }

    [Fact]
    public async Task With_no_engine_it_tries_to_start_one_and_connects_once_one_appears()
    {
        string pipe = FakeEngine.NewPipeName();
        var (processor, prompts) = Plugin();
        var launcher = new RecordingLauncher();
        await using var autostart = new EngineClient(processor, new PromptSlots(), new EngineClientOptions
        {
            PipeName = pipe,
            ConnectTimeout = TimeSpan.FromMilliseconds(100),
            InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        }, launcher);
        autostart.Start();
        await Eventually.True(() => autostart.Status.State == EngineState.Error, "no launch failure reported");
        Assert.Contains("no engine in this test", autostart.Status.Text);
        lock (launcher.Pipes)
            Assert.Equal(pipe, launcher.Pipes[0]);

        await using var engine = await FakeEngine.StartAsync(pipe);
        await engine.WaitFor<Hello>();
    }

    [Fact]
    public async Task When_the_engine_goes_away_the_last_loops_keep_playing_and_the_status_says_so()
    {
        string pipe = FakeEngine.NewPipeName();
        var engine = await FakeEngine.StartAsync(pipe);
        var (processor, prompts) = Plugin();
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Start();
        var request = await engine.WaitFor<RenderRequest>();
        await engine.SendAsync(Loop(request.RequestId, 0f, 120, 48000, "g"));
        await Eventually.True(() => processor.Player.Pending is not null, "loop");
        await engine.DisposeAsync();
        await Eventually.True(() => client.Status.State == EngineState.EngineGone, "engine loss not reported");
        Assert.Contains("still playing", client.Status.Text);
        Assert.NotNull(processor.Player.Pending?[0]);

        // A new engine appears: the same grid is asked for again, and the loop we had stays in it.
        await using var second = await FakeEngine.StartAsync(pipe);
        var again = await second.WaitFor<RenderRequest>();
        await second.SendAsync(Loop(again.RequestId, 1f, 120, 48000, "g8"));
        await Eventually.True(() => processor.Player.Pending?[8] is not null, "loop from the new engine");
        Assert.NotNull(processor.Player.Pending![0]);
        Assert.Equal("Rendering 2/9", client.Status.Text);
    }

    [Fact]
    public async Task An_engine_that_refuses_the_plugin_is_reported_with_its_reason()
    {
        string pipe = FakeEngine.NewPipeName();
        await using var engine = await FakeEngine.StartAnsweringAsync(pipe,
            ErrorMessage.Create(ErrorCode.VersionMismatch, "protocol 7 is not spoken here", fatal: true));
        var (processor, prompts) = Plugin();
        await using var client = new EngineClient(processor, prompts, Options(pipe));
        client.Start();
        await Eventually.True(() => client.Status.State == EngineState.Error, "refusal not reported");
        Assert.Contains("protocol 7 is not spoken here", client.Status.Text);
        Assert.Empty(engine.All<RenderRequest>());
    }

    [Fact]
    public async Task Disposing_twice_is_harmless_and_the_client_stays_stopped()
    {
        string pipe = FakeEngine.NewPipeName();
        var (processor, prompts) = Plugin();
        var client = new EngineClient(processor, prompts, Options(pipe), new RecordingLauncher());
        client.Start();
        await client.DisposeAsync();
        await client.DisposeAsync();
        Assert.Equal(EngineState.Stopped, client.Status.State);
        Assert.Throws<ObjectDisposedException>(client.Start);
    }

    [Fact]
    public async Task Disposing_from_two_threads_at_once_stops_once()
    {
        string pipe = FakeEngine.NewPipeName();
        var (processor, prompts) = Plugin();
        var client = new EngineClient(processor, prompts, Options(pipe), new RecordingLauncher());
        client.Start();
        await Task.WhenAll(Task.Run(async () => await client.DisposeAsync()), Task.Run(async () => await client.DisposeAsync()));
        Assert.Equal(EngineState.Stopped, client.Status.State);
    }
}
