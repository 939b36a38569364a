using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Pipeline;

public class ModelVariantPipelineTests
{
    private static readonly DiffusionRequest Request = new()
    {
        Start = new PromptSettings("jazz piano", 3),
        Steps = 3,
        SeedImage = PipelineTestImages.Seed(256, 512),
    };

    private static byte[] Generate(TinyModelOptions options)
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Write(folder.Path, options);
        using ModelFolder model = ModelFolder.Open(folder.Path);
        DiffusionResult result = RiffusionPipeline.Create(model).Generate(Request);
        Assert.Equal(256, result.Image.Width);
        Assert.Equal(512, result.Image.Height);
        return result.Image.Pixels;
    }

    [Fact]
    public void Fixed_batch_model_runs_guidance_in_two_calls_with_the_same_result()
    {
        byte[] dynamic = Generate(new TinyModelOptions());
        byte[] fixedBatch = Generate(new TinyModelOptions { DynamicBatch = false, TimestepPerBatch = false, TokenIds = TokenIdType.Int32 });
        int worst = dynamic.Zip(fixedBatch, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1, $"fixed-batch and dynamic-batch images differ by up to {worst} levels");
    }

    [Fact]
    public void Float_16_model_runs_and_stays_close_to_float_32()
    {
        byte[] single = Generate(new TinyModelOptions());
        byte[] half = Generate(new TinyModelOptions { Precision = ModelPrecision.Float16 });
        double mean = single.Zip(half, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(mean < 4, $"float16 and float32 images differ by {mean} levels on average");
    }

    [Fact]
    public void Float_timestep_and_sampled_latent_exports_run()
    {
        byte[] pixels = Generate(new TinyModelOptions { Precision = ModelPrecision.Float16, Timestep = TimestepType.Float, VaeEncoderOutput = VaeEncoderOutputKind.LatentSample });
        Assert.True(pixels.Distinct().Count() > 10, "the image should not be flat");
    }
}
