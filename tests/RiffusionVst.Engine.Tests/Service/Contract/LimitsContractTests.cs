using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Tests.Diffusion.Model;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Tests.Service.Contract;

/// <summary>
/// Every limit of <see cref="ProtocolLimits"/> and every name list of the protocol, sent through the real server and the real
/// diffusion pipeline (tiny model): the extreme value renders, one past it gets exactly the protocol validator's error.
/// </summary>
[Collection(RiffusionVst.Engine.Tests.Cli.Process.CliProcessCollection.Name)]
public class LimitsContractTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    // Changes to the small base request (one bar of 4/4 at 240 BPM, mono, 22.05 kHz, 4 steps), by name so each is its own test case.
    private static readonly Dictionary<string, Action<RenderRequest>> ExtremeChanges = new Change[]
    {
        new("steps = max", r => r.Steps = ProtocolLimits.MaxSteps),
        new("steps = min", r => r.Steps = ProtocolLimits.MinSteps),
        new("guidance = max", r => { r.PromptA.Guidance = ProtocolLimits.MaxGuidance; r.PromptB.Guidance = ProtocolLimits.MaxGuidance; }),
        new("guidance = 0", r => { r.PromptA.Guidance = 0; r.PromptB.Guidance = 0; }),
        new("denoising = 1", r => { r.PromptA.Denoising = 1; r.PromptB.Denoising = 1; }),
        new("beats per bar = max", r => r.BeatsPerBar = ProtocolLimits.MaxBeatsPerBar),
        new("beats per bar = min", r => r.BeatsPerBar = ProtocolLimits.MinBeatsPerBar),
        new("bars = max", r => { r.Bars = ProtocolLimits.MaxBars; r.Bpm = ProtocolLimits.MaxBpm; r.SampleRate = ProtocolLimits.MinSampleRate; r.Steps = 1; }),
        new("bpm = max", r => r.Bpm = ProtocolLimits.MaxBpm),
        new("sample rate = min", r => r.SampleRate = ProtocolLimits.MinSampleRate),
        new("sample rate = max", r => r.SampleRate = ProtocolLimits.MaxSampleRate),
        new("channels = max", r => r.Channels = ProtocolLimits.MaxChannels),
        new("alpha grid = max", r => { r.Alpha = null; r.AlphaGrid = Grid(ProtocolLimits.MaxAlphaGrid); r.Steps = 1; }),
        // Blanks fold away in CLIP's pre-split, so the longest text stays within the model's 225 tokens.
        new("prompt = max length", r => r.PromptA.Text = "lofi piano".PadRight(ProtocolLimits.MaxPromptLength)),
        new("negative prompt = max length", r => r.NegativePrompt = "noise".PadRight(ProtocolLimits.MaxPromptLength)),
    }
        .Concat(SchedulerNames.All.Select(name => new Change($"scheduler {name}", r => r.Scheduler = name.ToUpperInvariant())))
        .Concat(SeedPatternNames.All.Select(name => new Change($"seed pattern {name}", r => r.SeedPattern = name)))
        .ToDictionary(c => c.Name, c => c.Apply);

    private static readonly Dictionary<string, Action<RenderRequest>> OnePastChanges = new Change[]
    {
        new("steps = max + 1", r => r.Steps = ProtocolLimits.MaxSteps + 1),
        new("steps = min - 1", r => r.Steps = ProtocolLimits.MinSteps - 1),
        new("guidance above max", r => r.PromptB.Guidance = ProtocolLimits.MaxGuidance + 0.5f),
        new("guidance below 0", r => r.PromptA.Guidance = -0.5f),
        new("denoising above 1", r => r.PromptA.Denoising = 1.01f),
        new("beats per bar = max + 1", r => r.BeatsPerBar = ProtocolLimits.MaxBeatsPerBar + 1),
        new("beats per bar = min - 1", r => r.BeatsPerBar = ProtocolLimits.MinBeatsPerBar - 1),
        new("bars = max + 1", r => r.Bars = ProtocolLimits.MaxBars + 1),
        new("bars = min - 1", r => r.Bars = ProtocolLimits.MinBars - 1),
        new("bpm above max", r => r.Bpm = ProtocolLimits.MaxBpm + 0.5),
        new("bpm = 0", r => r.Bpm = 0),
        new("sample rate = min - 1", r => r.SampleRate = ProtocolLimits.MinSampleRate - 1),
        new("sample rate = max + 1", r => r.SampleRate = ProtocolLimits.MaxSampleRate + 1),
        new("channels = max + 1", r => r.Channels = ProtocolLimits.MaxChannels + 1),
        new("alpha grid = max + 1", r => { r.Alpha = null; r.AlphaGrid = Grid(ProtocolLimits.MaxAlphaGrid + 1); }),
        new("prompt = max length + 1", r => r.PromptA.Text = "lofi piano".PadRight(ProtocolLimits.MaxPromptLength + 1)),
        new("loop over the frame limit", r => { r.Bars = ProtocolLimits.MaxBars; r.Bpm = 1; r.SampleRate = ProtocolLimits.MaxSampleRate; }),
        new("scheduler euler-ancestral (not implemented)", r => r.Scheduler = "euler-ancestral"),
        new("scheduler lms (not implemented)", r => r.Scheduler = "lms"),
        new("seed pattern og_beat", r => r.SeedPattern = "og_beat"),
    }.ToDictionary(c => c.Name, c => c.Apply);

    public static TheoryData<string> Extremes => [.. ExtremeChanges.Keys];

    public static TheoryData<string> OnePastExtremes => [.. OnePastChanges.Keys];

    [Theory]
    [MemberData(nameof(Extremes))]
    public async Task The_extreme_value_renders_through_the_real_server(string change)
    {
        var request = TestEngine.Request(1);
        ExtremeChanges[change](request);
        Assert.Null(MessageValidator.Validate(request));

        await using var engine = await TestEngine.StartAsync(new PipelineImageGenerator(fixture.Model, "tiny test model"));
        await using var client = await engine.ConnectAsync();
        await client.SendAsync(request);
        int expected = request.AlphasInRenderOrder().Count;
        for (int i = 0; i < expected; i++)
        {
            var answer = await client.NextAsync<Message>(m => m is LoopReady or ErrorMessage);
            Assert.True(answer is LoopReady, (answer as ErrorMessage)?.Message);
            var loop = (LoopReady)answer;
            Assert.Equal(request.RequestId, loop.RequestId);
            Assert.Equal(request.Channels, loop.Pcm.Length);
            Assert.Equal(LoopLength.Samples(request.Bpm, request.Bars, request.BeatsPerBar, request.SampleRate), loop.Pcm[0].Length);
        }
    }

    [Theory]
    [MemberData(nameof(OnePastExtremes))]
    public async Task One_past_the_extreme_gets_the_protocol_validators_error(string change)
    {
        var request = TestEngine.Request(2);
        OnePastChanges[change](request);
        ErrorMessage? expected = MessageValidator.Validate(request, SchedulerNames.All);
        Assert.NotNull(expected);

        await using var engine = await TestEngine.StartAsync(new PipelineImageGenerator(fixture.Model, "tiny test model"));
        await using var client = await engine.ConnectAsync();
        await client.SendAsync(request);
        var error = await client.NextAsync<ErrorMessage>();
        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Equal(request.RequestId, error.RequestId);
        Assert.Equal(expected.Message, error.Message);
        await client.SyncAsync();
        Assert.Empty(client.Seen.OfType<LoopReady>());
    }

    [Fact]
    public async Task A_prompt_within_the_character_limit_but_over_the_models_225_tokens_is_refused_as_the_clients_to_change()
    {
        var request = TestEngine.Request(3);
        request.PromptA.Text = string.Join(' ', Enumerable.Repeat("drums", 300));
        Assert.Null(MessageValidator.Validate(request));

        await using var engine = await TestEngine.StartAsync(new PipelineImageGenerator(fixture.Model, "tiny test model"));
        await using var client = await engine.ConnectAsync();
        await client.SendAsync(request);
        var error = await client.NextAsync<ErrorMessage>();
        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("at most 225", error.Message);
        Assert.DoesNotContain("model-check", error.Message);
    }

    private sealed record Change(string Name, Action<RenderRequest> Apply);

    private static float[] Grid(int count) => Enumerable.Range(0, count).Select(i => i / (float)(count - 1)).ToArray();
}

/// <summary>The engine's own lists are the protocol's.</summary>
public class VocabularyContractTests
{
    [Fact]
    public void The_engine_synthesises_exactly_the_protocols_seed_patterns_and_builds_every_scheduler_it_names()
    {
        Assert.Equal(SeedPatternNames.All, RiffusionVst.Engine.Loops.SeedPatterns.SeedPatternCatalog.Names);
        var config = new RiffusionVst.Engine.Diffusion.Schedulers.SchedulerConfig();
        Assert.All(SchedulerNames.All, name => Assert.NotNull(RiffusionVst.Engine.Diffusion.Schedulers.SchedulerFactory.Create(name, config)));
    }
}
