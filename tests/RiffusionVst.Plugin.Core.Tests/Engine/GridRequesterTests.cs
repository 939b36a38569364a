using Microsoft.Extensions.Time.Testing;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Plugin.Core.Tests.State;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Tests.Engine;

/// <summary>The engine client's request rules, stepped by hand on a clock the test moves: no pipe, no thread, no sleep.</summary>
public class GridRequesterTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    private readonly TestHost _host = new();
    private readonly GridAssembler _assembler = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly GridRequester _requester;

    public GridRequesterTests()
    {
        _requester = new GridRequester(_host, _assembler, new EngineClientOptions { GridPointCount = 3, SettleTime = Settle, Label = "Bass" }, _time);
    }

    private static Welcome Welcome(params string[] capabilities) => new() { Capabilities = [.. capabilities] };

    private void Connect(params string[] capabilities) => _requester.Begin(Welcome(capabilities));

    private static LoopReady Loop(long requestId, float alpha, double bpm, string key, int rate = 48000, byte[]? png = null)
    {
        int n = (int)LoopLength.Samples(bpm, 2, 4, rate);
        var pcm = new float[n];
        return new LoopReady { RequestId = requestId, Alpha = alpha, GenerationKey = key, Bpm = bpm, Bars = 2, BeatsPerBar = 4, SampleRate = rate, Pcm = [pcm, pcm], Png = png };
    }

    /// <summary>Connects, asks for the first grid and fills all three points at 120 BPM.</summary>
    private RenderRequest FirstGridComplete(params string[] capabilities)
    {
        Connect(capabilities);
        var request = _requester.Tick().Send.OfType<RenderRequest>().Single();
        for (int i = 0; i < 3; i++)
            _requester.Receive(Loop(request.RequestId, i / 2f, 120, $"gen-{i}", png: TestPngs.Grey(512, 512, i)));
        return request;
    }

    [Fact]
    public void A_session_begins_by_asking_for_the_page_address()
    {
        ClientStep step = _requester.Begin(Welcome());
        var ask = Assert.IsType<GetPageAddress>(Assert.Single(step.Send));
        Assert.Equal(1, ask.RequestId);
    }

    [Fact]
    public void Until_the_host_has_a_tempo_nothing_is_asked_for_and_the_status_says_why()
    {
        _host.Bpm = 0;
        Connect(Capabilities.Retime);
        ClientStep step = _requester.Tick();
        Assert.IsType<InstanceState>(Assert.Single(step.Send));
        Assert.Equal(new EngineStatus(EngineState.Connected, "Connected — waiting for the host's tempo"), step.Status);
    }

    [Fact]
    public void The_instance_state_goes_out_once_and_again_only_when_what_it_shows_changes()
    {
        _host.Bpm = 0;
        Connect();
        var state = Assert.IsType<InstanceState>(Assert.Single(_requester.Tick().Send));
        Assert.Equal("Bass", state.Label);
        Assert.Equal(_host.Prompts.ToArray(), state.PromptSlots);
        Assert.Empty(_requester.Tick().Send);

        _host.Parameters.Set(ParameterId.Alpha, 0.5f);
        Assert.Equal(0.5f, Assert.IsType<InstanceState>(Assert.Single(_requester.Tick().Send)).Alpha);
        _host.Parameters.Set(ParameterId.Alpha, 0.504f); // shown in hundredths: 0.5 still
        Assert.Empty(_requester.Tick().Send);
        _host.Parameters.Set(ParameterId.Alpha, 0.52f);
        Assert.Equal(0.52f, Assert.IsType<InstanceState>(Assert.Single(_requester.Tick().Send)).Alpha);
        _host.Prompts.Set(3, "tabla");
        Assert.Equal("tabla", Assert.IsType<InstanceState>(Assert.Single(_requester.Tick().Send)).PromptSlots[3]);
    }

    [Fact]
    public void The_first_grid_is_asked_for_at_once_at_the_host_tempo_and_rate()
    {
        _host.Parameters.Set(ParameterId.Alpha, 0.3f);
        Connect(Capabilities.Retime);
        ClientStep step = _requester.Tick();

        Assert.Collection(step.Send, m => Assert.IsType<InstanceState>(m), m => Assert.IsType<RenderRequest>(m));
        var request = (RenderRequest)step.Send[1];
        Assert.Equal(2, request.RequestId); // 1 asked for the page address
        Assert.Equal(new[] { 0f, 0.5f, 1f }, request.AlphaGrid);
        Assert.Equal(0.3f, request.CurrentAlpha);
        Assert.Equal(120, request.Bpm);
        Assert.Equal(48000, request.SampleRate);
        Assert.Equal((2, 4), (request.Bars, request.BeatsPerBar));
        Assert.Equal((_host.Prompts[0], 42L), (request.PromptA.Text, request.PromptA.Seed));
        Assert.Equal((_host.Prompts[1], 43L), (request.PromptB.Text, request.PromptB.Seed));
        Assert.Equal("four-on-the-floor", request.SeedPattern);
        Assert.True(request.IncludePng);
        Assert.Equal(new EngineStatus(EngineState.Rendering, "Rendering 1/3", 0, 3), step.Status);
    }

    [Fact]
    public void A_changed_setting_waits_for_the_settle_time_then_cancels_the_old_grid_and_asks_for_the_new()
    {
        Connect(Capabilities.Retime);
        var first = _requester.Tick().Send.OfType<RenderRequest>().Single();
        _host.Parameters.Set(ParameterId.Bars, 4);
        Assert.Empty(_requester.Tick().Send.OfType<RenderRequest>());
        _time.Advance(Settle - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_requester.Tick().Send.OfType<RenderRequest>());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        ClientStep step = _requester.Tick();
        Assert.Equal(2, step.Send.Count);
        Assert.Equal(first.RequestId, Assert.IsType<Cancel>(step.Send[0]).RequestId);
        var second = Assert.IsType<RenderRequest>(step.Send[1]);
        Assert.Equal(4, second.Bars);
        Assert.Equal(first.RequestId + 1, second.RequestId);
    }

    [Fact]
    public void A_knob_drag_asks_for_one_grid_with_the_value_it_stops_at()
    {
        Connect(Capabilities.Retime);
        _requester.Tick();
        for (int i = 1; i <= 10; i++)
        {
            _host.Parameters.Set(ParameterId.Denoising, 0.5f + i * 0.01f);
            _time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.Empty(_requester.Tick().Send.OfType<RenderRequest>());
        }
        _time.Advance(Settle);
        var request = _requester.Tick().Send.OfType<RenderRequest>().Single();
        Assert.Equal(0.6f, request.PromptA.Denoising);
        Assert.Empty(_requester.Tick().Send.OfType<RenderRequest>());
    }

    [Fact]
    public void Each_loop_fills_its_point_and_the_complete_grid_is_stored_with_its_images()
    {
        Connect(Capabilities.Retime);
        var request = _requester.Tick().Send.OfType<RenderRequest>().Single();

        ClientStep step = _requester.Receive(Loop(request.RequestId, 0.5f, 120, "gen-1", png: TestPngs.Grey(512, 512, 1)));
        Assert.NotNull(step.Play);
        Assert.Equal(192000, step.Play[1]!.Length);
        Assert.Null(step.Play[0]);
        Assert.Equal(new EngineStatus(EngineState.Rendering, "Rendering 2/3", 1, 3), step.Status);
        Assert.Null(_assembler.Published);

        _requester.Receive(Loop(request.RequestId, 0f, 120, "gen-0", png: TestPngs.Grey(512, 512, 0)));
        step = _requester.Receive(Loop(request.RequestId, 1f, 120, "gen-2", png: TestPngs.Grey(512, 512, 2)));
        Assert.Equal(3, step.Play!.PresentCount);
        Assert.Equal(new EngineStatus(EngineState.Connected, "Connected — all loops ready", 3, 3), step.Status);
        StoredGrid stored = Assert.IsType<StoredGrid>(_assembler.Published);
        Assert.Equal(3, stored.PointCount);
        Assert.Equal(TestPngs.Grey(512, 512, 2), stored.Points[2].Png);
        Assert.Equal((_host.Prompts[0], 42L, 2, "pndm"), (stored.Settings.TextA, stored.Settings.SeedA, stored.Settings.Bars, stored.Settings.Scheduler));
    }

    [Fact]
    public void A_loop_of_the_wrong_length_is_refused_and_an_answer_to_a_replaced_request_is_ignored()
    {
        Connect(Capabilities.Retime);
        var request = _requester.Tick().Send.OfType<RenderRequest>().Single();
        LoopReady bad = Loop(request.RequestId, 0f, 120, "g");
        bad.Pcm = [bad.Pcm[0][..1000], bad.Pcm[1][..1000]];
        ClientStep step = _requester.Receive(bad);
        Assert.Null(step.Play);
        Assert.Equal(EngineState.Error, step.Status!.State);
        Assert.Equal("The engine sent a loop of 1000 samples where 192000 keep it on the bar; it was not played.", step.Status.Text);

        step = _requester.Receive(Loop(request.RequestId + 7, 0f, 120, "g"));
        Assert.Empty(step.Send);
        Assert.Null(step.Play);
        Assert.Null(step.Status);
    }

    [Fact]
    public void A_settled_tempo_change_retimes_every_loop_and_asks_for_no_new_grid()
    {
        FirstGridComplete(Capabilities.Retime);
        _host.Bpm = 100;
        Assert.Empty(_requester.Tick().Send.OfType<Retime>());
        _time.Advance(Settle);

        ClientStep step = _requester.Tick();
        Assert.Empty(step.Send.OfType<RenderRequest>());
        var retimes = step.Send.OfType<Retime>().ToArray();
        Assert.Equal(new[] { "gen-0", "gen-1", "gen-2" }, retimes.Select(r => r.GenerationKey));
        Assert.All(retimes, r => Assert.Equal((100.0, 48000), (r.Bpm, r.SampleRate)));
        Assert.Empty(_requester.Tick().Send); // asked once, not again while on their way

        step = _requester.Receive(Loop(retimes[1].RequestId, 0.5f, 100, "gen-1"));
        Assert.Equal(230400, step.Play![1]!.Length);
        Assert.Equal(192000, step.Play[0]!.Length);
    }

    [Fact]
    public void A_tempo_ramp_costs_one_retime_at_the_tempo_it_ends_on()
    {
        FirstGridComplete(Capabilities.Retime);
        for (int bpm = 121; bpm <= 130; bpm++)
        {
            _host.Bpm = bpm;
            _time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.Empty(_requester.Tick().Send.OfType<Retime>());
        }
        _time.Advance(Settle);
        Assert.All(_requester.Tick().Send.OfType<Retime>(), r => Assert.Equal(130, r.Bpm));
        Assert.Empty(_requester.Tick().Send); // nothing more
    }

    [Fact]
    public void Without_retime_a_tempo_change_asks_for_a_new_grid_once_the_tempo_and_then_the_settings_have_settled()
    {
        var first = FirstGridComplete();
        _host.Bpm = 90;
        _requester.Tick();
        _time.Advance(Settle);
        // The tempo has settled; with no retime it is part of the settings, which now settle in turn.
        Assert.Empty(_requester.Tick().Send.OfType<RenderRequest>());
        _time.Advance(Settle);
        ClientStep step = _requester.Tick();
        Assert.Empty(step.Send.OfType<Retime>());
        var second = step.Send.OfType<RenderRequest>().Single();
        Assert.Equal(90, second.Bpm);
        Assert.NotEqual(first.RequestId, second.RequestId);
    }

    [Fact]
    public void Freeze_asks_for_nothing_and_letting_go_asks_for_what_the_settings_say()
    {
        _host.Parameters.Set(ParameterId.Freeze, 1f);
        Connect(Capabilities.Retime);
        ClientStep step = _requester.Tick();
        Assert.Empty(step.Send.OfType<RenderRequest>());
        Assert.Equal(new EngineStatus(EngineState.Connected, "Frozen — no loops yet; turn Freeze off to render"), step.Status);
        _host.Parameters.Set(ParameterId.Seed, 7f);
        _time.Advance(Settle);
        Assert.Empty(_requester.Tick().Send.OfType<RenderRequest>());

        _host.Parameters.Set(ParameterId.Freeze, 0f);
        Assert.Equal(7, _requester.Tick().Send.OfType<RenderRequest>().Single().PromptA.Seed);
    }

    [Fact]
    public void Evolve_asks_for_the_segment_the_player_is_in_from_the_alpha_it_plays()
    {
        _host.Parameters.Set(ParameterId.Evolve, 1f);
        _host.LoopIndex = 5; // segment 1 (loops 4–7) at its second step: B#43 → A#44, alpha 0.25
        Connect(Capabilities.Retime);
        var request = _requester.Tick().Send.OfType<RenderRequest>().Single();
        Assert.Equal((_host.Prompts[1], 43L), (request.PromptA.Text, request.PromptA.Seed));
        Assert.Equal((_host.Prompts[0], 44L), (request.PromptB.Text, request.PromptB.Seed));
        Assert.Equal(0.25f, request.CurrentAlpha);

        _host.LoopIndex = 8; // segment 2: a new grid once it has settled
        _time.Advance(Settle);
        _requester.Tick();
        _time.Advance(Settle);
        var next = _requester.Tick().Send.OfType<RenderRequest>().Single();
        Assert.Equal((_host.Prompts[0], 44L, 45L), (next.PromptA.Text, next.PromptA.Seed, next.PromptB.Seed));
        Assert.Equal(0f, next.CurrentAlpha);
    }

    [Fact]
    public void Captured_input_is_sent_as_seed_audio_and_clearing_it_brings_the_seed_pattern_back()
    {
        Connect(Capabilities.Retime);
        _requester.Tick();
        _host.Captured = new CapturedAudio([0.1f, 0.2f], [0.3f, 0.4f], 1, 4, 120, 48000);
        _requester.Tick();
        _time.Advance(Settle);
        var withAudio = _requester.Tick().Send.OfType<RenderRequest>().Single();
        Assert.Null(withAudio.SeedPattern);
        Assert.Equal(new[] { 0.1f, 0.2f }, withAudio.SeedAudio!.Channels[0]);
        Assert.Equal(48000, withAudio.SeedAudio.SampleRate);

        _requester.ClearCapturedSeed();
        _requester.Tick();
        _time.Advance(Settle);
        var without = _requester.Tick().Send.OfType<RenderRequest>().Single();
        Assert.Equal("four-on-the-floor", without.SeedPattern);
        Assert.Null(without.SeedAudio);
    }

    [Fact]
    public void A_restored_project_sends_its_images_and_an_offline_render_waits_until_all_are_back()
    {
        StoredGrid stored = TestPngs.Grid(points: 3);
        _host.Prompts.Set(0, stored.Settings.TextA);
        _host.Prompts.Set(1, stored.Settings.TextB);
        _requester.Restore(stored);
        Assert.True(_host.Offline.IsExpected);
        Assert.Same(stored, _assembler.Published);

        Connect(Capabilities.Retime, Capabilities.RenderFromImages);
        ClientStep step = _requester.Tick();
        var render = step.Send.OfType<RenderFromImages>().Single();
        Assert.Empty(step.Send.OfType<RenderRequest>());
        Assert.Equal(stored.Points.Select(p => p.Png), render.Images.Select(i => i.Png));
        Assert.Equal((120.0, 48000, 2), (render.Bpm, render.SampleRate, render.Bars));
        Assert.Equal(new EngineStatus(EngineState.Rendering, "Restoring loops from the project… 1/3", 0, 3), step.Status);

        for (int i = 0; i < 3; i++)
        {
            Assert.True(_host.Offline.IsExpected);
            _requester.Receive(Loop(render.RequestId, i / 2f, 120, $"gen-{i}"));
        }
        Assert.False(_host.Offline.IsExpected);
        Assert.Same(stored, _assembler.Published); // a restored grid stays exactly as the project stored it
        _time.Advance(Settle);
        Assert.Empty(_requester.Tick().Send.OfType<RenderRequest>()); // it answers the settings: no new diffusion
    }

    [Fact]
    public void An_engine_that_cannot_render_images_renders_the_project_anew_and_nothing_waits()
    {
        _requester.Restore(TestPngs.Grid(points: 3));
        Connect(Capabilities.Retime);
        ClientStep step = _requester.Tick();
        Assert.Empty(step.Send.OfType<RenderFromImages>());
        Assert.Single(step.Send.OfType<RenderRequest>());
        Assert.Equal("This engine cannot play the project's stored loops (update riffusion-engine); rendering them anew.", step.Error);
        Assert.False(_host.Offline.IsExpected);
    }

    [Fact]
    public void After_a_lost_engine_the_next_session_gets_the_images_of_the_grid_playing()
    {
        FirstGridComplete(Capabilities.Retime, Capabilities.RenderFromImages);
        StoredGrid stored = _assembler.Published!;
        _requester.End();

        Connect(Capabilities.Retime, Capabilities.RenderFromImages);
        ClientStep step = _requester.Tick();
        Assert.Empty(step.Send.OfType<RenderRequest>());
        var render = step.Send.OfType<RenderFromImages>().Single();
        Assert.Equal(stored.Points.Select(p => p.Png), render.Images.Select(i => i.Png));
    }

    [Fact]
    public void An_offline_bounce_with_nothing_stored_is_told_once_here_and_in_the_engines_log()
    {
        _host.IsOffline = true;
        Connect(Capabilities.Retime);
        ClientStep step = _requester.Tick();
        const string Text = "Offline bounce: the project carries no stored loops (render once in real time and save), so the bounce is silent until the engine delivers.";
        Assert.Equal(Text, step.Error);
        Assert.Equal(Text, step.Send.OfType<ErrorMessage>().Single().Message);
        Assert.Empty(_requester.Tick().Send.OfType<ErrorMessage>());
    }

    [Fact]
    public void An_engine_error_for_our_request_is_reported_and_a_cancellation_is_not()
    {
        Connect(Capabilities.Retime);
        var request = _requester.Tick().Send.OfType<RenderRequest>().Single();
        Assert.Null(_requester.Receive(ErrorMessage.Create(ErrorCode.Cancelled, "cancelled", request.RequestId)).Status);
        ClientStep step = _requester.Receive(ErrorMessage.Create(ErrorCode.Unknown, "out of memory", request.RequestId));
        Assert.Equal("out of memory", step.Error);
        Assert.Equal(new EngineStatus(EngineState.Error, "Engine: out of memory"), step.Status);
    }
}
