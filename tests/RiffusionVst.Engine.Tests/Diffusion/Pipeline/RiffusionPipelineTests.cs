using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.Schedulers;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Tests.Diffusion.Model;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Pipeline;

public class RiffusionPipelineTests : IClassFixture<TinyModelFixture>
{
    private const int OneBar = 256, Height = 512;
    private readonly ModelFolder _model;
    private readonly RiffusionPipeline _pipeline;

    public RiffusionPipelineTests(TinyModelFixture fixture)
    {
        _model = fixture.Model;
        _pipeline = RiffusionPipeline.Create(fixture.Model);
    }

    private static DiffusionRequest TextToImage(string prompt = "jazz piano", long seed = 7, int steps = 3) => new()
    {
        Start = new PromptSettings(prompt, seed),
        Steps = steps,
        Width = OneBar,
        Height = Height,
    };

    private static DiffusionRequest ImageToImage(string prompt = "funk bass", long seed = 11, int steps = 4) => new()
    {
        Start = new PromptSettings(prompt, seed),
        Steps = steps,
        SeedImage = PipelineTestImages.Seed(OneBar, Height),
    };

    [Fact]
    public void Text_to_image_gives_one_bar_of_columns_and_512_rows()
    {
        DiffusionResult result = _pipeline.Generate(TextToImage());
        Assert.Equal(OneBar, result.Image.Width);
        Assert.Equal(Height, result.Image.Height);
        Assert.Null(result.NoiseTimestep);
        // PNDM (PLMS) repeats its second timestep, so 3 steps list 4 timesteps: 667, 334, 334, 1.
        Assert.Equal([667, 334, 334, 1], result.Timesteps);
        Assert.True(result.Image.Pixels.Distinct().Count() > 10, "the image should not be flat");
    }

    [Fact]
    public void Image_to_image_cuts_the_seed_image_down_to_multiples_of_32()
    {
        DiffusionResult result = _pipeline.Generate(ImageToImage() with { SeedImage = PipelineTestImages.Seed(2 * OneBar + 20, Height + 31) });
        Assert.Equal(2 * OneBar, result.Image.Width);
        Assert.Equal(Height, result.Image.Height);
        Assert.NotNull(result.NoiseTimestep);
    }

    [Fact]
    public void Same_inputs_give_byte_identical_images()
    {
        DiffusionRequest request = ImageToImage() with { End = new PromptSettings("techno drums", 12), Alpha = 0.4 };
        byte[] first = _pipeline.Generate(request).Image.Pixels;
        _pipeline.Generate(TextToImage("rock", 99));
        byte[] again = _pipeline.Generate(request).Image.Pixels;
        byte[] otherInstance = RiffusionPipeline.Create(_model).Generate(request).Image.Pixels;
        Assert.Equal(first, again);
        Assert.Equal(first, otherInstance);
    }

    [Fact]
    public void Alpha_zero_is_the_start_prompt_and_alpha_one_the_end_prompt()
    {
        var a = new PromptSettings("jazz piano", 5, Guidance: 6);
        var b = new PromptSettings("techno drums", 9, Guidance: 8);
        DiffusionRequest Request(PromptSettings start, PromptSettings? end, double alpha) =>
            TextToImage() with { Start = start, End = end, Alpha = alpha };

        byte[] aloneA = _pipeline.Generate(Request(a, null, 0)).Image.Pixels;
        byte[] aloneB = _pipeline.Generate(Request(b, null, 0)).Image.Pixels;
        Assert.NotEqual(aloneA, aloneB);
        Assert.Equal(aloneA, _pipeline.Generate(Request(a, b, 0)).Image.Pixels);
        Assert.Equal(aloneB, _pipeline.Generate(Request(a, b, 1)).Image.Pixels);
        byte[] middle = _pipeline.Generate(Request(a, b, 0.5)).Image.Pixels;
        Assert.NotEqual(aloneA, middle);
        Assert.NotEqual(aloneB, middle);
    }

    [Fact]
    public void Image_to_image_at_alpha_zero_ignores_the_end_prompt()
    {
        DiffusionRequest alone = ImageToImage();
        DiffusionRequest morph = alone with { End = new PromptSettings("ambient guitar", 3, 0.3, 2), Alpha = 0 };
        Assert.Equal(_pipeline.Generate(alone).Image.Pixels, _pipeline.Generate(morph).Image.Pixels);
    }

    [Fact]
    public void A_different_prompt_or_seed_changes_the_image()
    {
        byte[] baseline = _pipeline.Generate(ImageToImage()).Image.Pixels;
        Assert.NotEqual(baseline, _pipeline.Generate(ImageToImage(prompt: "ambient synth")).Image.Pixels);
        Assert.NotEqual(baseline, _pipeline.Generate(ImageToImage(seed: 12)).Image.Pixels);
        Assert.NotEqual(baseline, _pipeline.Generate(ImageToImage() with { NegativePrompt = "vocals" }).Image.Pixels);
    }

    [Fact]
    public void Pndm_runs_the_last_38_timesteps_for_strength_075_and_50_steps()
    {
        // steps_offset 1, leading spacing: the grid is 1, 21, …, 981. PLMS repeats the second entry:
        // 981, 961, 961, 941, …, 1 (51 entries). init_t = min(int(50·0.75) + 1, 50) = 38; noise at
        // timesteps[51 − 38 = 13] = 741; the loop runs timesteps[50 − 38 + 1 = 13:] = 741, 721, …, 1.
        var progress = new List<DiffusionProgress>();
        DiffusionResult result = _pipeline.Generate(
            ImageToImage(steps: 50) with { Start = new PromptSettings("funk bass", 11, 0.75) },
            new SynchronousProgress(progress.Add));

        int[] expected = Enumerable.Range(0, 38).Select(k => 741 - 20 * k).ToArray();
        Assert.Equal(741, result.NoiseTimestep);
        Assert.Equal(expected, result.Timesteps);
        Assert.Equal(expected, progress.Select(p => p.Timestep));
        Assert.Equal(Enumerable.Range(1, 38), progress.Select(p => p.Step));
        Assert.All(progress, p => Assert.Equal(38, p.TotalSteps));
    }

    [Fact]
    public void Ddim_uses_the_same_rule_on_a_list_of_steps_entries()
    {
        // DDIM lists 50 timesteps 981 … 1: noise at timesteps[50 − 38 = 12] = 741, loop from index 13 = 721.
        DiffusionResult result = _pipeline.Generate(ImageToImage(steps: 50) with { Scheduler = "ddim" });
        Assert.Equal(741, result.NoiseTimestep);
        Assert.Equal(Enumerable.Range(0, 37).Select(k => 721 - 20 * k), result.Timesteps);
    }

    [Theory]
    [InlineData(50, 1.0, 1, 51, 1, 1)] // init_t = min(51, 50) = 50: noise at 51 − 50, loop from 50 − 50 + 1
    [InlineData(50, 0.5, 1, 51, 25, 25)] // init_t = 26
    [InlineData(10, 0.75, 0, 10, 3, 3)] // init_t = 7 without offset: noise at 10 − 7, loop from 3
    [InlineData(10, 0.0, 0, 10, 0, 10)] // init_t = 0: Python's timesteps[−0] is timesteps[0]; nothing to run
    public void Denoising_window_follows_riffusions_indices(int steps, double strength, int offset, int count, int noiseIndex, int startIndex)
    {
        DenoisingWindow window = DenoisingWindow.ForImageToImage(steps, strength, offset, count);
        Assert.Equal(noiseIndex, window.NoiseIndex);
        Assert.Equal(startIndex, window.StartIndex);
        Assert.Equal(count - startIndex, window.StepCount);
    }

    [Fact]
    public void A_black_mask_keeps_the_noised_seed_latent_exactly()
    {
        // m = 1 everywhere: after the last step x = add_noise(z0, noise, t_last). Rebuild that by hand from the
        // runners: the start generator first samples the VAE latent, then draws the diffusion noise.
        RgbImage seedImage = PipelineTestImages.Seed(OneBar, Height);
        DiffusionRequest request = ImageToImage(steps: 6) with { Mask = new RgbImage(OneBar, Height) };
        DiffusionResult result = _pipeline.Generate(request);

        int h = Height / 8, w = OneBar / 8, n = 4 * h * w;
        var pixels = new float[3 * OneBar * Height];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < OneBar * Height; i++)
            {
                pixels[c * OneBar * Height + i] = seedImage.Pixels[3 * i + c] / 255f * 2f - 1f;
            }
        }

        var generator = new GaussianNoise(11);
        var vaeNoise = new float[n];
        var noise = new float[n];
        generator.Fill(vaeNoise);
        generator.Fill(noise);
        var z0 = new float[n];
        _model.VaeEncoder.Encode(pixels, Height, OneBar, vaeNoise, z0);
        for (int i = 0; i < n; i++)
        {
            z0[i] *= 0.18215f;
        }

        var scheduler = new PndmScheduler(SchedulerConfig.FromFile(_model.SchedulerConfigPath));
        scheduler.SetTimesteps(6);
        var final = new float[n];
        scheduler.AddNoise(z0, noise, result.Timesteps[^1], final);
        for (int i = 0; i < n; i++)
        {
            final[i] /= 0.18215f;
        }

        var decoded = new float[3 * OneBar * Height];
        _model.VaeDecoder.Decode(final, h, w, decoded);
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < OneBar * Height; i++)
            {
                int expected = (int)Math.Round(255 * Math.Clamp((decoded[c * OneBar * Height + i] + 1) / 2, 0, 1));
                Assert.InRange(result.Image.Pixels[3 * i + c], expected - 1, expected + 1);
            }
        }
    }

    [Fact]
    public void A_half_mask_keeps_the_black_half_close_to_the_seed_and_repaints_the_white_half()
    {
        RgbImage seedImage = PipelineTestImages.Seed(OneBar, Height);
        RgbImage mask = new(OneBar, Height);
        for (int y = 0; y < Height; y++)
        {
            for (int x = OneBar / 2; x < OneBar; x++)
            {
                mask[x, y, 0] = mask[x, y, 1] = mask[x, y, 2] = 255;
            }
        }

        DiffusionRequest request = ImageToImage(steps: 6) with { Start = new PromptSettings("funk bass", 11, 1.0), Mask = mask };
        RgbImage masked = _pipeline.Generate(request).Image;

        // Compare to the seed's VAE round trip. The kept half's latents are the round trip's exactly, but the decoder
        // (the real SD architecture, also in the tiny model) normalises over the whole image and attends across it,
        // so the repainted half moves the kept half too; with random weights the kept half still stays clearly closer.
        RgbImage roundTrip = _pipeline.Generate(request with { Mask = new RgbImage(OneBar, Height) }).Image;
        double kept = PipelineTestImages.MeanDifference(masked, roundTrip, 0, OneBar / 2 - 16);
        double repainted = PipelineTestImages.MeanDifference(masked, roundTrip, OneBar / 2 + 16, OneBar);
        Assert.True(repainted > 1.2 * kept, $"repainted half differs by {repainted} levels, kept half by {kept}");
    }

    [Fact]
    public void Extra_steps_allocate_nothing_large()
    {
        // Buffers are kept between steps: 20 more steps may allocate only small bookkeeping, far below one
        // latent of 4·64·32 floats (32 KiB) a step.
        DiffusionRequest request = ImageToImage(steps: 10) with { Mask = new RgbImage(OneBar, Height) };
        _pipeline.Generate(request with { Steps = 30 });
        long before = GC.GetAllocatedBytesForCurrentThread();
        _pipeline.Generate(request);
        long tenSteps = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        _pipeline.Generate(request with { Steps = 30 });
        long thirtySteps = GC.GetAllocatedBytesForCurrentThread() - before;
        double perStep = (thirtySteps - tenSteps) / 20.0;
        Assert.True(perStep < 2048, $"each extra step allocated {perStep} bytes");
    }

    [Fact]
    public void Cancellation_stops_within_one_step()
    {
        using var cancel = new CancellationTokenSource();
        var seen = new List<int>();
        var progress = new SynchronousProgress(p =>
        {
            seen.Add(p.Step);
            if (p.Step == 2)
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => _pipeline.Generate(TextToImage(steps: 20), progress, cancel.Token));
        Assert.Equal([1, 2], seen);

        // The pipeline stays usable after a cancelled job.
        Assert.Equal(OneBar, _pipeline.Generate(TextToImage()).Image.Width);
    }

    [Fact]
    public void Long_prompts_use_several_chunks_and_too_long_ones_are_rejected()
    {
        string twoChunks = string.Join(' ', Enumerable.Repeat("drums", 80));
        Assert.Equal(2, _pipeline.Prompts.ChunkCount(twoChunks));
        DiffusionResult result = _pipeline.Generate(TextToImage(twoChunks));
        Assert.Equal(OneBar, result.Image.Width);
        Assert.NotEqual(_pipeline.Generate(TextToImage("drums")).Image.Pixels, result.Image.Pixels);

        string tooLong = string.Join(' ', Enumerable.Repeat("drums", PromptEncoder.MaxTokens + 1));
        var error = Assert.Throws<ArgumentException>(() => _pipeline.Generate(TextToImage(tooLong)));
        Assert.Contains("too long", error.Message);
    }

    [Fact]
    public void Bad_requests_give_clear_errors()
    {
        Assert.Contains("Unknown scheduler", Assert.Throws<ArgumentException>(() => _pipeline.Generate(TextToImage() with { Scheduler = "nope" })).Message);
        Assert.Contains("Alpha", Assert.Throws<ArgumentException>(() => _pipeline.Generate(TextToImage() with { Alpha = 1.5 })).Message);
        Assert.Contains("mask needs a seed image", Assert.Throws<ArgumentException>(() => _pipeline.Generate(TextToImage() with { Mask = new RgbImage(8, 8) })).Message);
        Assert.Contains("Steps", Assert.Throws<ArgumentException>(() => _pipeline.Generate(TextToImage(steps: 0))).Message);
    }

    [Fact]
    public void All_schedulers_run()
    {
        foreach (string name in SchedulerFactory.Names)
        {
            DiffusionResult result = _pipeline.Generate(ImageToImage(steps: 4) with { Scheduler = name });
            Assert.Equal(OneBar, result.Image.Width);
            Assert.NotEmpty(result.Timesteps);
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<DiffusionProgress> report) : IProgress<DiffusionProgress>
    {
        public void Report(DiffusionProgress value) => report(value);
    }
}
