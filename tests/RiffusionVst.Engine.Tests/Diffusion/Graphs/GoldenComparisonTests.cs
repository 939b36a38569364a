using System.Text.Json;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Engine.Tests.Diffusion.Graphs;

/// <summary>
/// The built graphs against diffusers 0.9 / transformers 4.26 run on the same weights (tests/reference/diffusers):
/// max abs error ≤ 1e-4 × the output's scale in fp32, ≤ 1e-2 in fp16.
/// </summary>
public class GoldenComparisonTests : IClassFixture<GoldenModels>
{
    private static readonly GoldenValues Golden = new(Path.Combine(GoldenValues.Fixture, "golden", "components.safetensors"));
    private readonly GoldenModels _models;

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public GoldenComparisonTests(GoldenModels models, Xunit.Abstractions.ITestOutputHelper output)
    {
        _models = models;
        _output = output;
    }

    private void Close(float[] expected, ReadOnlySpan<float> actual, string build, string what) =>
        _output.WriteLine($"{build} {what}: max abs error / scale = {GoldenValues.AssertClose(expected, actual, Tolerance(build), $"{build} {what}"):G3}");

    public static TheoryData<string> Builds() => ["safetensors", "bin", "half", "fused", "fused-half"];

    private static double Tolerance(string build) => build.EndsWith("half", StringComparison.Ordinal) ? 1e-2 : 1e-4;

    [Theory]
    [MemberData(nameof(Builds))]
    public void Text_encoder_hidden_states_match_transformers_for_real_prompts(string build)
    {
        using var model = ModelFolder.Open(_models.For(build));
        float[] hidden = model.TextEncoder.Encode(Golden.Ints("text.input_ids"));
        Close(Golden.Floats("text.last_hidden_state"), hidden, build, "last_hidden_state");
    }

    [Theory]
    [InlineData("safetensors", 999)]
    [InlineData("safetensors", 500)]
    [InlineData("safetensors", 1)]
    [InlineData("bin", 999)]
    [InlineData("bin", 1)]
    [InlineData("half", 999)]
    [InlineData("half", 500)]
    [InlineData("half", 1)]
    [InlineData("fused", 999)]
    [InlineData("fused", 1)]
    [InlineData("fused-half", 999)]
    [InlineData("fused-half", 1)]
    public void UNet_noise_prediction_with_guidance_batch_matches_diffusers(string build, int timestep)
    {
        using var model = ModelFolder.Open(_models.For(build));
        float[] sample = Golden.Floats("unet.sample");
        var prediction = new float[sample.Length];
        model.UNet.Predict(sample, 2, 8, 8, timestep, Golden.Floats("unet.encoder_hidden_states"), prediction);
        Close(Golden.Floats($"unet.out_sample.t{timestep}"), prediction, build, $"UNet at t={timestep}");
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Vae_encoder_mean_and_standard_deviation_match_diffusers(string build)
    {
        using var model = ModelFolder.Open(_models.For(build));
        float[] parameters = Golden.Floats("vae.latent_parameters");
        const int Latent = 4 * 8 * 8;
        var mean = new float[Latent];
        var meanPlusStd = new float[Latent];
        float[] image = Golden.Floats("vae.sample");
        model.VaeEncoder.Encode(image, 64, 64, new float[Latent], mean);
        model.VaeEncoder.Encode(image, 64, 64, Enumerable.Repeat(1f, Latent).ToArray(), meanPlusStd);

        float[] expectedMean = parameters[..Latent];
        float[] expectedMeanPlusStd = Enumerable.Range(0, Latent)
            .Select(i => parameters[i] + MathF.Exp(0.5f * Math.Clamp(parameters[Latent + i], -30f, 20f)))
            .ToArray();
        Close(expectedMean, mean, build, "latent mean");
        Close(expectedMeanPlusStd, meanPlusStd, build, "latent mean + std");
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Vae_decoder_image_matches_diffusers(string build)
    {
        using var model = ModelFolder.Open(_models.For(build));
        var image = new float[3 * 64 * 64];
        model.VaeDecoder.Decode(Golden.Floats("vae.latent_sample"), 8, 8, image);
        Close(Golden.Floats("vae.decoded"), image, build, "decoded image");
    }

    [Theory]
    [InlineData("injected.", "safetensors")]
    [InlineData("torch.", "safetensors")]
    [InlineData("injected.", "bin")]
    public void Whole_riffuse_path_matches_riffusions_own_pipeline_pixel_for_pixel(string run, string build)
    {
        // Riffusion's riffuse on the same model, seed image, prompts and noise (tests/reference/diffusers/README.md).
        var riffuse = new GoldenValues(Path.Combine(GoldenValues.Fixture, "golden", "riffuse.safetensors"));
        JsonElement settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenValues.Fixture, "golden", "golden.json"))).RootElement.GetProperty("riffuse");
        static PromptSettings End(JsonElement e) => new(
            e.GetProperty("prompt").GetString()!, e.GetProperty("seed").GetInt64(), e.GetProperty("denoising").GetDouble(), e.GetProperty("guidance").GetDouble());
        NoiseSource noise = run == "torch."
            ? NoiseSource.Riffusion
            : new FixedNoise(riffuse.Floats("injected.vae_noise"), riffuse.Floats("injected.noise_a"), riffuse.Floats("injected.noise_b"));
        var request = new DiffusionRequest
        {
            Start = End(settings.GetProperty("start")),
            End = End(settings.GetProperty("end")),
            Alpha = settings.GetProperty("alpha").GetDouble(),
            Steps = settings.GetProperty("num_inference_steps").GetInt32(),
            SeedImage = PngFile.Read(Path.Combine(GoldenValues.Fixture, "seed.png")).Image,
            Width = 64,
            Height = 64,
            Noise = noise,
        };

        using var model = ModelFolder.Open(_models.For(build));
        RgbImage image = RiffusionPipeline.Create(model).Generate(request).Image;

        byte[] expected = riffuse.Bytes(run + "image");
        int worst = 0;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    worst = Math.Max(worst, Math.Abs(image[x, y, c] - expected[(y * 64 + x) * 3 + c]));
                }
            }
        }

        Assert.True(worst <= 2, $"{run} riffuse on the {build} build differs from Riffusion's image by up to {worst} levels");
        _output.WriteLine($"{run} riffuse on the {build} build: largest pixel difference {worst}");
    }

    [Fact]
    public void Built_folder_is_the_layout_the_loader_reads_with_optimum_conventions()
    {
        using var model = ModelFolder.Open(_models.Safetensors);
        ModelDescription d = model.Description;
        Assert.Equal(32, d.TextHiddenSize);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, d.TokenIdType);
        Assert.Equal(VaeEncoderOutputKind.LatentParameters, d.VaeEncoderOutput);
        Assert.True(d.DynamicBatch);
        Assert.False(d.IsTinyModel);
        Assert.True(File.Exists(Path.Combine(_models.Safetensors, "unet", "model.onnx_data")));
        Assert.Equal(
            File.ReadAllText(Path.Combine(GoldenValues.Fixture, "model", "scheduler", "scheduler_config.json")),
            File.ReadAllText(Path.Combine(_models.Safetensors, "scheduler", "scheduler_config.json")));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(GoldenValues.Fixture, "model", "tokenizer", "vocab.json")),
            File.ReadAllBytes(Path.Combine(_models.Safetensors, "tokenizer", "vocab.json")));
    }
}
