using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Jobs;
using RiffusionVst.Engine.Service.Sessions;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service.Sessions;

/// <summary>The one place that turns service events into protocol messages, read from the client's end of a real pipe.</summary>
public class ClientMessagesTests
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    private static readonly ImageRequest Image = new() { PromptA = new("a", 1, 0.75f, 7), PromptB = new("b", 2, 0.75f, 7), Alpha = 0.25f, Bars = 1 };

    private static RenderTicket Ticket(ClientSession session) =>
        new(session, 7, Image, Key, new DeliverySettings(120, 22_050, 2, IncludePng: false));

    [Fact]
    public void A_welcome_names_the_capabilities_the_generator_and_the_clip_library_give()
    {
        var seedOnly = new SeedPatternImageGenerator().Info;
        var model = seedOnly with { Masks = ["top"], HonoursNegativePrompt = true, ModelName = "m", IsTiny = true, Device = "cuda:0" };

        Welcome plain = ClientMessages.WelcomeFor(seedOnly, "1.2.3", writesClips: false);
        Welcome full = ClientMessages.WelcomeFor(model, "1.2.3", writesClips: true);

        Assert.Equal([Capabilities.AlphaGrid, Capabilities.SeedAudio, Capabilities.Retime, Capabilities.RenderFromImages], plain.Capabilities);
        Assert.Equal(
            [Capabilities.AlphaGrid, Capabilities.SeedAudio, Capabilities.Retime, Capabilities.RenderFromImages, Capabilities.ClipFiles, Capabilities.Masks, Capabilities.NegativePrompt],
            full.Capabilities);
        Assert.Equal(("1.2.3", "m", true, "cuda:0"), (full.EngineVersion, full.Model.Name, full.Model.IsTiny, full.Model.Device));
        Assert.Equal(seedOnly.Schedulers, plain.Schedulers);
    }

    [Fact]
    public async Task A_queued_ticket_is_told_the_generator_runs_ahead_of_it_as_its_step_with_no_total()
    {
        await using var pipe = await SessionOverPipe.OpenAsync();

        new ClientMessages().Queued(Ticket(pipe.Session), runsAhead: 3);

        var report = await pipe.Client.NextAsync<Progress>();
        Assert.Equal((7L, ProgressStage.Queued, 3, 0, 0.25f), (report.RequestId, report.Stage, report.Step, report.Total, report.Alpha));
    }

    [Fact]
    public async Task A_stage_step_is_told_with_the_tickets_request_and_alpha()
    {
        await using var pipe = await SessionOverPipe.OpenAsync();

        new ClientMessages().Progressed(Ticket(pipe.Session), ProgressStage.Diffusing, 2, 4);

        var report = await pipe.Client.NextAsync<Progress>();
        Assert.Equal((7L, ProgressStage.Diffusing, 2, 4, 0.25f), (report.RequestId, report.Stage, report.Step, report.Total, report.Alpha));
    }

    [Fact]
    public async Task A_delivered_loop_becomes_one_LoopReady_with_the_loops_tempo_samples_clip_and_timings()
    {
        await using var pipe = await SessionOverPipe.OpenAsync();
        var loop = new LoopSpec(120, 1, 4, 22_050);
        float[] left = new float[loop.LengthSamples], right = new float[loop.LengthSamples];
        left[0] = 0.5f;
        right[^1] = -0.5f;
        var timings = new RenderTimings { QueuedMs = 1, DiffusionMs = 2, DecodeMs = 3, ReconstructionMs = 4, TotalMs = 11 };
        var rendered = new RenderedLoop(loop, new AudioClip(22_050, left, right), "/clips/a.wav", null, [1, 2, 3], timings);

        new ClientMessages().Delivered(Ticket(pipe.Session), new CachedGeneration(Key, new RgbImage(256, 512), Image), rendered);

        var ready = await pipe.Client.NextAsync<LoopReady>();
        Assert.Equal((7L, 0.25f, Key), (ready.RequestId, ready.Alpha, ready.GenerationKey));
        Assert.Equal((120.0, 1, 4, 22_050), (ready.Bpm, ready.Bars, ready.BeatsPerBar, ready.SampleRate));
        Assert.Equal(2, ready.Pcm.Length);
        Assert.Equal(44_100, ready.Pcm[0].Length);
        Assert.Equal((0.5f, -0.5f), (ready.Pcm[0][0], ready.Pcm[1][^1]));
        Assert.Equal("/clips/a.wav", ready.ClipPath);
        Assert.Equal([1, 2, 3], ready.Png);
        Assert.Equal((1.0, 2.0, 3.0, 4.0, 11.0), (ready.Timings.QueuedMs, ready.Timings.DiffusionMs, ready.Timings.DecodeMs, ready.Timings.ReconstructionMs, ready.Timings.TotalMs));
    }

    [Fact]
    public async Task What_the_model_cannot_do_is_the_clients_to_change_and_any_other_failure_points_to_model_check()
    {
        await using var pipe = await SessionOverPipe.OpenAsync();
        var messages = new ClientMessages();
        var ticket = Ticket(pipe.Session);

        messages.GenerationRefused(ticket, "The prompt is 300 tokens long; the model reads at most 225.");
        messages.GenerationFailed(ticket, "the UNet returned NaN.");
        messages.DeliveryFailed(ticket, "no memory");
        messages.Stopped(ticket);

        var errors = new List<ErrorMessage>();
        for (int i = 0; i < 4; i++)
            errors.Add(await pipe.Client.NextAsync<ErrorMessage>());
        Assert.All(errors, e => Assert.Equal<long?>(7, e.RequestId));
        Assert.Equal(
            [
                (ErrorCode.InvalidRequest, "The prompt is 300 tokens long; the model reads at most 225."),
                (ErrorCode.RenderFailed, "The image for alpha 0.25 could not be generated: the UNet returned NaN. Try again; if it keeps failing, check the model with 'riffusion-engine model check DIR'."),
                (ErrorCode.RenderFailed, "Turning the image into a loop failed: no memory. Try another tempo or fewer bars; if it keeps failing, report it with the engine log."),
                (ErrorCode.Cancelled, "The engine stopped this render."),
            ],
            errors.Select(e => (e.Code, e.Message)));
    }

    [Fact]
    public async Task A_superseded_request_is_told_which_request_replaced_it_and_a_cancel_says_what_it_dropped()
    {
        await using var pipe = await SessionOverPipe.OpenAsync();
        var messages = new ClientMessages();

        messages.Superseded(pipe.Session, 4, newerRequestId: 5);
        messages.Cancelled(pipe.Session, 5);
        messages.NothingToCancel(pipe.Session, 6);

        var errors = new List<ErrorMessage>();
        for (int i = 0; i < 3; i++)
            errors.Add(await pipe.Client.NextAsync<ErrorMessage>());
        Assert.Equal(
            [
                (ErrorCode.Cancelled, 4L, "Request 4 was superseded by request 5; its loops not yet delivered were dropped."),
                (ErrorCode.Cancelled, 5L, "Request 5 was cancelled."),
                (ErrorCode.Cancelled, 6L, "Request 6 had nothing left to cancel (finished, superseded or unknown)."),
            ],
            errors.Select(e => (e.Code, e.RequestId ?? 0, e.Message)));
    }
}
