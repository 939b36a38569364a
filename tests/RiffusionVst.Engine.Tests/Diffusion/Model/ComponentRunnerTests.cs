using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Model;

public class ComponentRunnerTests : IClassFixture<TinyModelFixture>
{
    private const int H = 3, W = 4, D = 32, Latent = 4 * H * W;
    private readonly ModelFolder _model;

    public ComponentRunnerTests(TinyModelFixture fixture) => _model = fixture.Model;

    [Fact]
    public void Text_encoder_row_depends_on_its_token_and_the_tokens_before_it()
    {
        int[] a = TestInputs.Prompt(10);
        int[] b = (int[])a.Clone();
        b[5] = 42;
        float[] ea = _model.TextEncoder.Encode(a);
        float[] eb = _model.TextEncoder.Encode(b);
        for (int row = 0; row < 77; row++)
        {
            bool same = ea.AsSpan(row * D, D).SequenceEqual(eb.AsSpan(row * D, D));
            Assert.Equal(row < 5, same); // causal attention: rows before the changed token do not see it
        }

        Assert.Equal(ea, _model.TextEncoder.Encode(a));
    }

    [Fact]
    public void Text_encoder_batch_equals_separate_calls()
    {
        int[] a = TestInputs.Prompt(7), b = TestInputs.Prompt(300);
        float[] both = _model.TextEncoder.Encode(a.Concat(b).ToArray());
        Assert.Equal(_model.TextEncoder.Encode(a).Concat(_model.TextEncoder.Encode(b)), both);
    }

    [Fact]
    public void UNet_output_changes_with_sample_timestep_and_text()
    {
        float[] text = _model.TextEncoder.Encode(TestInputs.Prompt(1));
        float[] otherText = _model.TextEncoder.Encode(TestInputs.Prompt(2));
        float[] sample = TestInputs.Values(Latent, 3);
        float[] otherSample = (float[])sample.Clone();
        otherSample[7] += 0.5f;

        float[] Run(float[] s, double t, float[] e)
        {
            var result = new float[Latent];
            _model.UNet.Predict(s, 1, H, W, t, e, result);
            return result;
        }

        float[] baseline = Run(sample, 500, text);
        Assert.Equal(baseline, Run(sample, 500, text));
        Assert.NotEqual(baseline, Run(otherSample, 500, text));
        Assert.NotEqual(baseline, Run(sample, 499, text));
        Assert.NotEqual(baseline, Run(sample, 500, otherText));
    }

    [Fact]
    public void UNet_batch_of_two_equals_two_single_calls()
    {
        float[] text = _model.TextEncoder.Encode(TestInputs.Prompt(1).Concat(TestInputs.Prompt(2)).ToArray());
        float[] sample = TestInputs.Values(2 * Latent, 4);
        var batched = new float[2 * Latent];
        _model.UNet.Predict(sample, 2, H, W, 21, text, batched);

        var first = new float[Latent];
        var second = new float[Latent];
        _model.UNet.Predict(sample.AsSpan(0, Latent), 1, H, W, 21, text.AsSpan(0, 77 * D), first);
        _model.UNet.Predict(sample.AsSpan(Latent), 1, H, W, 21, text.AsSpan(77 * D), second);
        AssertClose(first.Concat(second).ToArray(), batched, 1e-5f);
    }

    [Fact]
    public void UNet_reuses_buffers_across_shape_changes()
    {
        float[] text = _model.TextEncoder.Encode(TestInputs.Prompt(1));
        float[] small = TestInputs.Values(4 * 2 * 2, 5);
        var first = new float[small.Length];
        _model.UNet.Predict(small, 1, 2, 2, 10, text, first);
        var large = new float[4 * 5 * 6];
        _model.UNet.Predict(TestInputs.Values(large.Length, 6), 1, 5, 6, 10, text, large);
        var again = new float[small.Length];
        _model.UNet.Predict(small, 1, 2, 2, 10, text, again);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Vae_decoder_image_is_eight_times_larger_finite_and_follows_the_latent()
    {
        float[] latent = TestInputs.Values(Latent, 8);
        var image = new float[3 * 64 * H * W];
        _model.VaeDecoder.Decode(latent, H, W, image);
        Assert.All(image, v => Assert.True(float.IsFinite(v)));
        latent[0] += 1f;
        var other = new float[image.Length];
        _model.VaeDecoder.Decode(latent, H, W, other);
        Assert.NotEqual(image, other);
    }

    [Fact]
    public void Vae_encoder_samples_mean_plus_standard_deviation_times_noise()
    {
        float[] image = TestInputs.Values(3 * 8 * H * 8 * W, 9);
        float[] Encode(float noise)
        {
            var latent = new float[Latent];
            _model.VaeEncoder.Encode(image, 8 * H, 8 * W, Enumerable.Repeat(noise, Latent).ToArray(), latent);
            return latent;
        }

        float[] mean = Encode(0), one = Encode(1), two = Encode(2);
        for (int i = 0; i < Latent; i++)
        {
            float sigma = one[i] - mean[i];
            Assert.True(sigma > 0, "exp(½·logvar) must be positive");
            Assert.Equal(2 * sigma, two[i] - mean[i], 1e-4f);
        }
    }

    [Fact]
    public void Wrong_lengths_are_rejected_with_the_expected_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => _model.UNet.Predict(new float[5], 1, H, W, 1, new float[77 * D], new float[Latent]));
        Assert.Contains("1×4×3×4", error.Message);
        Assert.Throws<ArgumentException>(() => _model.TextEncoder.Encode(new int[76]));
        Assert.Throws<ArgumentException>(() => _model.VaeEncoder.Encode(new float[3 * 10 * 10], 10, 10, new float[4], new float[4]));
        var noNoise = Assert.Throws<ArgumentException>(() => _model.VaeEncoder.Encode(new float[3 * 64], 8, 8, [], new float[4]));
        Assert.Contains("noise", noNoise.Message);
    }

    [Theory]
    [InlineData(TokenIdType.Int32, TimestepType.Int64, false, false)]
    [InlineData(TokenIdType.Int64, TimestepType.Float, false, true)]
    [InlineData(TokenIdType.Int32, TimestepType.Float, true, false)]
    public void Conventions_do_not_change_the_numbers(TokenIdType ids, TimestepType timestep, bool perBatch, bool dynamicBatch)
    {
        // Same seed, other I/O conventions: the runners must hide the difference completely.
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path, new TinyModelOptions { TokenIds = ids, Timestep = timestep, TimestepPerBatch = perBatch, DynamicBatch = dynamicBatch });
        using var other = ModelFolder.Open(temp.Path);
        int[] tokens = TestInputs.Prompt(3).Concat(TestInputs.Prompt(4)).ToArray();
        float[] text = _model.TextEncoder.Encode(tokens);
        Assert.Equal(text, other.TextEncoder.Encode(tokens));

        float[] sample = TestInputs.Values(2 * Latent, 11);
        var expected = new float[2 * Latent];
        var actual = new float[2 * Latent];
        _model.UNet.Predict(sample, 2, H, W, 741, text, expected);
        other.UNet.Predict(sample, 2, H, W, 741, text, actual);
        AssertClose(expected, actual, 1e-5f);
    }

    [Fact]
    public void Float_16_model_agrees_with_float_32_model_to_half_precision()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path, new TinyModelOptions { Precision = ModelPrecision.Float16, Timestep = TimestepType.Float });
        using var half = ModelFolder.Open(temp.Path);
        int[] tokens = TestInputs.Prompt(12);
        float[] text32 = _model.TextEncoder.Encode(tokens);
        float[] text16 = half.TextEncoder.Encode(tokens);
        AssertClose(text32, text16, 0.02f);
        Assert.NotEqual(text32, text16); // really computed in another precision

        float[] latent = TestInputs.Values(Latent, 13);
        var image32 = new float[3 * 64 * Latent / 4];
        var image16 = new float[image32.Length];
        _model.VaeDecoder.Decode(latent, H, W, image32);
        half.VaeDecoder.Decode(latent, H, W, image16);
        AssertClose(image32, image16, 0.02f);

        // Timestep 500 is exact in float16, so the UNet should also agree closely.
        var noise32 = new float[Latent];
        var noise16 = new float[Latent];
        _model.UNet.Predict(latent, 1, H, W, 500, text32, noise32);
        half.UNet.Predict(latent, 1, H, W, 500, text32, noise16);
        AssertClose(noise32, noise16, 0.05f);
    }

    [Fact]
    public void Repeated_UNet_steps_allocate_nothing_large()
    {
        // At 64×64 the two latents are 128 KiB; a step must reuse its tensors rather than allocate them again.
        const int Size = 64;
        float[] text = new float[2 * 77 * D];
        float[] sample = TestInputs.Values(2 * 4 * Size * Size, 14);
        var noise = new float[sample.Length];
        _model.UNet.Predict(sample, 2, Size, Size, 900, text, noise);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 5; step++)
        {
            _model.UNet.Predict(sample, 2, Size, Size, 900 - (20 * step), text, noise);
        }

        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 5;
        Assert.True(perStep < 8 * 1024, $"a step allocated {perStep} bytes");
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"index {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
