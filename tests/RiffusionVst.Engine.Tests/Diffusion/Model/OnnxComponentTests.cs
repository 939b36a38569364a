using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Model;

/// <summary>The runners' IO-bound calls against plain <c>Session.Run</c> calls on the same graphs.</summary>
public class OnnxComponentTests : IClassFixture<TinyModelFixture>
{
    private const int D = 32;
    private readonly TinyModelFixture _fixture;

    public OnnxComponentTests(TinyModelFixture fixture) => _fixture = fixture;

    [Fact]
    public void A_bound_UNet_call_gives_exactly_the_numbers_of_a_plain_session_run()
    {
        const int H = 3, W = 4;
        float[] text = _fixture.Model.TextEncoder.Encode(TestInputs.Prompt(1).Concat(TestInputs.Prompt(2)).ToArray());
        float[] sample = TestInputs.Values(2 * 4 * H * W, 31);
        var bound = new float[sample.Length];
        _fixture.Model.UNet.Predict(sample, 2, H, W, 321, text, bound);

        Assert.Equal(PlainUNet(sample, 2, H, W, 321, text), bound);
    }

    [Fact]
    public void Bound_tensors_follow_new_data_and_new_shapes_between_calls()
    {
        // Same shape twice (bound once, data rewritten in place), then a new shape (bound again), then the first again.
        float[] text = _fixture.Model.TextEncoder.Encode(TestInputs.Prompt(3));
        foreach (var (h, w, seed, timestep) in new[] { (3, 4, 40, 900), (3, 4, 41, 880), (5, 2, 42, 860), (3, 4, 43, 840) })
        {
            float[] sample = TestInputs.Values(4 * h * w, seed);
            var bound = new float[sample.Length];
            _fixture.Model.UNet.Predict(sample, 1, h, w, timestep, text, bound);
            Assert.Equal(PlainUNet(sample, 1, h, w, timestep, text), bound);
        }
    }

    [Fact]
    public void A_bound_text_encoder_and_VAE_decoder_give_exactly_the_numbers_of_plain_session_runs()
    {
        int[] ids = TestInputs.Prompt(4);
        float[] hidden = _fixture.Model.TextEncoder.Encode(ids);
        TensorElementType idType = Component(ModelFolder.TextEncoderFile).Inputs[0].ElementType;
        using (OrtValue idValue = idType == TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(ids.Select(i => (long)i).ToArray(), [1, 77])
            : OrtValue.CreateTensorValueFromMemory(ids, [1, 77]))
        {
            Assert.Equal(Plain(ModelFolder.TextEncoderFile, [TextEncoder.InputIdsName], [idValue], 77 * D), hidden);
        }

        const int H = 2, W = 3;
        float[] latent = TestInputs.Values(4 * H * W, 44);
        var image = new float[3 * 64 * H * W];
        _fixture.Model.VaeDecoder.Decode(latent, H, W, image);
        using OrtValue latentValue = OrtValue.CreateTensorValueFromMemory(latent.ToArray(), [1, 4, H, W]);
        Assert.Equal(Plain(ModelFolder.VaeDecoderFile, ["latent_sample"], [latentValue], image.Length), image);
    }

    [Fact]
    public void The_CPU_provider_uses_no_CUDA_graphs()
    {
        Assert.Equal(ExecutionDevice.Cpu, _fixture.Model.Description.Provider.Device);
        Assert.Null(_fixture.Model.Description.Provider.CudaGraphs);
    }

    private float[] PlainUNet(float[] sample, int batch, int h, int w, long timestep, float[] text)
    {
        TensorDescription timestepInput = Component(ModelFolder.UNetFile).Inputs.First(i => i.Name == "timestep");
        long[] timestepShape = timestepInput.Rank == 0 ? [] : [batch];
        int timesteps = timestepInput.Rank == 0 ? 1 : batch;
        using OrtValue sampleValue = OrtValue.CreateTensorValueFromMemory(sample.ToArray(), [batch, 4, h, w]);
        using OrtValue textValue = OrtValue.CreateTensorValueFromMemory(text.ToArray(), [batch, 77, D]);
        using OrtValue timestepValue = timestepInput.ElementType switch
        {
            TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(timestep, timesteps).ToArray(), timestepShape),
            TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat((int)timestep, timesteps).ToArray(), timestepShape),
            _ => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat((float)timestep, timesteps).ToArray(), timestepShape),
        };
        return Plain(ModelFolder.UNetFile, ["sample", "timestep", "encoder_hidden_states"], [sampleValue, timestepValue, textValue], sample.Length);
    }

    private float[] Plain(string file, string[] names, OrtValue[] inputs, int outputLength)
    {
        using SessionOptions options = ExecutionProviders.CpuOptions();
        using var session = new InferenceSession(System.IO.Path.Combine(_fixture.Path, file), options);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, names, inputs, session.OutputNames);
        float[] result = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(outputLength, result.Length);
        return result;
    }

    private ModelComponentDescription Component(string file) =>
        _fixture.Model.Description.Components.First(c => c.RelativePath == file);
}
