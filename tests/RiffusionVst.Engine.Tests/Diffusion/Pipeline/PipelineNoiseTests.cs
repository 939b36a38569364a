using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.Schedulers;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Tests.Diffusion.Model;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Pipeline;

/// <summary>The pipeline's noise: which tensors the request's noise source draws, and that the pipeline uses them as Riffusion does.</summary>
public class PipelineNoiseTests : IClassFixture<TinyModelFixture>
{
    private const int OneBar = 256, Height = 512, Latent = 4 * (Height / 8) * (OneBar / 8);
    private readonly ModelFolder _model;
    private readonly RiffusionPipeline _pipeline;

    public PipelineNoiseTests(TinyModelFixture fixture)
    {
        _model = fixture.Model;
        _pipeline = RiffusionPipeline.Create(fixture.Model);
    }

    private static DiffusionRequest ImageToImage(NoiseSource noise, int steps = 3) => new()
    {
        Start = new PromptSettings("funk bass", 11),
        End = new PromptSettings("techno drums", 12),
        Alpha = 0.4,
        Steps = steps,
        SeedImage = PipelineTestImages.Seed(OneBar, Height),
        Noise = noise,
    };

    [Fact]
    public void With_riffusion_noise_the_VAE_samples_with_the_very_tensor_of_noise_A()
    {
        // A black mask keeps x = add_noise(z0, noise, t_last) after the last step. Rebuild that by hand: Riffusion's
        // structure samples z0 = mean + std·ε with ε = torch.randn at the start seed, and noise A is that same ε.
        DiffusionRequest request = ImageToImage(NoiseSource.Riffusion, steps: 5) with { End = null, Alpha = 0, Mask = new RgbImage(OneBar, Height) };
        DiffusionResult result = _pipeline.Generate(request);

        float[] epsilon = TorchCpuGenerator.Create(11, Latent);
        var pixels = new float[3 * OneBar * Height];
        RgbImage seedImage = request.SeedImage!;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < OneBar * Height; i++)
            {
                pixels[c * OneBar * Height + i] = seedImage.Pixels[3 * i + c] / 255f * 2f - 1f;
            }
        }

        var z0 = new float[Latent];
        _model.VaeEncoder.Encode(pixels, Height, OneBar, epsilon, z0);
        for (int i = 0; i < Latent; i++)
        {
            z0[i] *= RiffusionPipeline.LatentScale;
        }

        var scheduler = new PndmScheduler(SchedulerConfig.FromFile(_model.SchedulerConfigPath));
        scheduler.SetTimesteps(5);
        var final = new float[Latent];
        scheduler.AddNoise(z0, epsilon, result.Timesteps[^1], final);
        for (int i = 0; i < Latent; i++)
        {
            final[i] /= RiffusionPipeline.LatentScale;
        }

        var decoded = new float[3 * OneBar * Height];
        _model.VaeDecoder.Decode(final, Height / 8, OneBar / 8, decoded);
        int worst = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < OneBar * Height; i++)
            {
                int expected = (int)Math.Round(255 * Math.Clamp((decoded[c * OneBar * Height + i] + 1) / 2, 0, 1));
                worst = Math.Max(worst, Math.Abs(result.Image.Pixels[3 * i + c] - expected));
            }
        }

        Assert.True(worst <= 1, $"the pipeline's image differs from the hand-built one by up to {worst} levels");
    }

    [Fact]
    public void Fixed_noise_of_torchs_tensors_gives_the_riffusion_image_byte_for_byte()
    {
        float[] a = TorchCpuGenerator.Create(11, Latent), b = TorchCpuGenerator.Create(12, Latent);
        byte[] riffusion = _pipeline.Generate(ImageToImage(NoiseSource.Riffusion)).Image.Pixels;
        byte[] injected = _pipeline.Generate(ImageToImage(new FixedNoise(a, a, b))).Image.Pixels;
        byte[] portable = _pipeline.Generate(ImageToImage(NoiseSource.Portable)).Image.Pixels;
        Assert.Equal(riffusion, injected);
        Assert.NotEqual(riffusion, portable);
    }

    [Theory]
    [InlineData(VaeEncoderOutputKind.LatentParameters)]
    [InlineData(VaeEncoderOutputKind.LatentSample)]
    public void The_noise_is_drawn_alike_whether_or_not_the_export_samples_inside_its_encoder(VaeEncoderOutputKind kind)
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Write(folder.Path, new TinyModelOptions { VaeEncoderOutput = kind });
        using ModelFolder model = ModelFolder.Open(folder.Path);
        var recording = new RecordingNoise(NoiseSource.Portable);
        RiffusionPipeline.Create(model).Generate(ImageToImage(recording, steps: 1));
        Assert.Equal(Latent, recording.VaeLength);
        float[] stream = GaussianNoise.Create(11, 2 * Latent);
        Assert.Equal(stream[Latent..], recording.NoiseA);
    }

    [Fact]
    public void Text_to_image_asks_for_no_VAE_noise()
    {
        var recording = new RecordingNoise(NoiseSource.Riffusion);
        _pipeline.Generate(new DiffusionRequest { Start = new PromptSettings("jazz", 3), Steps = 1, Width = OneBar, Height = Height, Noise = recording });
        Assert.Equal(0, recording.VaeLength);
        Assert.Equal(TorchCpuGenerator.Create(3, Latent), recording.NoiseA);
    }

    /// <summary>A real source that also keeps what it drew, to see what the pipeline asked for.</summary>
    private sealed class RecordingNoise(NoiseSource inner) : NoiseSource
    {
        public int VaeLength { get; private set; } = -1;

        public float[] NoiseA { get; private set; } = [];

        public override string Name => inner.Name;

        public override GaussianNoise Draw(long startSeed, long endSeed, Span<float> vaeNoise, Span<float> noiseA, Span<float> noiseB)
        {
            GaussianNoise stream = inner.Draw(startSeed, endSeed, vaeNoise, noiseA, noiseB);
            VaeLength = vaeNoise.Length;
            NoiseA = noiseA.ToArray();
            return stream;
        }
    }
}
