using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Tests.Diffusion.Model;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service.Generation;

/// <summary>The real diffusion pipeline behind the server, on the tiny generated model.</summary>
public class PipelineImageGeneratorTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    // The fixture owns the model; the generator is never disposed here.
    private PipelineImageGenerator Generator() => new(fixture.Model, "tiny test model");

    [Fact]
    public async Task The_engine_renders_a_morph_grid_with_a_mask_through_the_pipeline_reporting_every_step()
    {
        await using var engine = await TestEngine.StartAsync(Generator());
        await using var client = await engine.ConnectAsync();
        Assert.True(client.Welcome.Model.IsTiny);
        Assert.Contains(Capabilities.Masks, client.Welcome.Capabilities);
        Assert.Contains(Capabilities.NegativePrompt, client.Welcome.Capabilities);
        Assert.Contains(SchedulerNames.DpmSolverMultistep, client.Welcome.Schedulers);

        var request = TestEngine.GridRequest(1, [0f, 1f], current: 1);
        request.Steps = 3;
        request.MaskName = "top";
        request.Scheduler = SchedulerNames.DpmSolverMultistep;
        request.PromptA.Denoising = 1;
        request.PromptB.Denoising = 1;
        await client.SendAsync(request);
        var loops = new[] { await client.NextAsync<LoopReady>(), await client.NextAsync<LoopReady>() };

        Assert.Equal([1f, 0f], loops.Select(l => l.Alpha));
        Assert.All(loops, l => Assert.Equal(l.ExpectedLength(), l.Pcm[0].Length));
        Assert.NotEqual(loops[0].GenerationKey, loops[1].GenerationKey);
        // Riffusion's img2img window: init_t = min(int(3·1) + 1, 3) = 3, the loop starts at index max(3 − 3 + 1, 0) = 1,
        // so 2 of the 3 scheduler steps run, and each is reported.
        foreach (float alpha in new[] { 0f, 1f })
        {
            var steps = client.Seen.OfType<Progress>().Where(p => p.Stage == ProgressStage.Diffusing && p.Alpha == alpha && p.Step > 0).Select(p => (p.Step, p.Total));
            Assert.Equal([(1, 2), (2, 2)], steps);
        }

        Assert.Equal(2, engine.Counters.DiffusionRuns);
    }

    [Fact]
    public async Task A_render_asking_for_riffusion_noise_gets_its_own_loop_under_its_own_key()
    {
        await using var engine = await TestEngine.StartAsync(Generator());
        await using var client = await engine.ConnectAsync();
        var keys = new List<string>();
        var pcm = new List<float[]>();
        foreach (string noise in new[] { NoiseNames.Portable, "Riffusion", NoiseNames.Riffusion })
        {
            var request = TestEngine.GridRequest(keys.Count + 1, [0.5f], current: 0.5f);
            request.Steps = 2;
            request.Noise = noise;
            await client.SendAsync(request);
            LoopReady loop = await client.NextAsync<LoopReady>();
            keys.Add(loop.GenerationKey);
            pcm.Add(loop.Pcm[0]);
        }

        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(keys[1], keys[2]);
        Assert.NotEqual(pcm[0], pcm[1]);
        Assert.Equal(2, engine.Counters.DiffusionRuns);
    }

    [Fact]
    public void Schedulers_the_pipeline_lacks_are_refused_with_the_list_of_those_it_has()
    {
        var request = new ImageRequest { PromptA = new("a", 1, 0.75f, 7), PromptB = new("a", 1, 0.75f, 7), Scheduler = "lms", Bars = 1, Steps = 2 };
        var e = Assert.Throws<ArgumentException>(() => Generator().Generate(request, null, default));
        Assert.Contains("pndm", e.Message);
        Assert.Equal(SchedulerNames.All, Generator().Info.Schedulers);
    }

    [Fact]
    public void It_returns_the_image_with_the_pipelines_own_diffusion_and_decode_times()
    {
        var request = new ImageRequest { PromptA = new("a", 1, 0.75f, 7), PromptB = new("a", 1, 0.75f, 7), Bars = 1, Steps = 2, SeedPattern = "boom-bap" };
        var stages = new List<ProgressStage>();

        GeneratedImage made = Generator().Generate(request, (stage, _, _) => stages.Add(stage), default);

        Assert.Equal((256, 512), (made.Image.Width, made.Image.Height));
        Assert.True(made.DiffusionTime > TimeSpan.Zero, $"diffusion {made.DiffusionTime}");
        Assert.True(made.DecodeTime > TimeSpan.Zero, $"decode {made.DecodeTime}");
        // The client still sees the decode begin after the last step (its progress is unchanged), but the times are the generator's.
        Assert.Equal(ProgressStage.Decoding, stages[^1]);
    }

    [Fact]
    public void Cancellation_stops_a_generation()
    {
        var request = new ImageRequest { PromptA = new("a", 1, 0.75f, 7), PromptB = new("a", 1, 0.75f, 7), Bars = 1, Steps = 50, SeedPattern = "none" };
        using var cancel = new CancellationTokenSource();
        int steps = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => Generator().Generate(request, (stage, step, _) =>
        {
            if (stage == ProgressStage.Diffusing && ++steps == 2)
                cancel.Cancel();
        }, cancel.Token));
        Assert.InRange(steps, 2, 3);
    }
}
