using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.TinyModel;

public class TinyModelGeneratorTests
{
    private const int H = 2, W = 3;

    public static TheoryData<ModelPrecision, TokenIdType, TimestepType, bool, VaeEncoderOutputKind, bool> AllOptionCombinations()
    {
        var data = new TheoryData<ModelPrecision, TokenIdType, TimestepType, bool, VaeEncoderOutputKind, bool>();
        foreach (ModelPrecision precision in Enum.GetValues<ModelPrecision>())
        foreach (TokenIdType ids in Enum.GetValues<TokenIdType>())
        foreach (TimestepType timestep in Enum.GetValues<TimestepType>())
        foreach (bool perBatch in new[] { false, true })
        foreach (VaeEncoderOutputKind vae in Enum.GetValues<VaeEncoderOutputKind>())
        foreach (bool dynamic in new[] { false, true })
        {
            data.Add(precision, ids, timestep, perBatch, vae, dynamic);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllOptionCombinations))]
    public void Every_option_combination_loads_runs_and_reports_its_conventions(
        ModelPrecision precision, TokenIdType ids, TimestepType timestep, bool perBatch, VaeEncoderOutputKind vae, bool dynamic)
    {
        var options = new TinyModelOptions
        {
            Precision = precision, TokenIds = ids, Timestep = timestep, TimestepPerBatch = perBatch, VaeEncoderOutput = vae, DynamicBatch = dynamic,
        };
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path, options);
        using var model = ModelFolder.Open(temp.Path);

        ModelDescription d = model.Description;
        Assert.Equal(precision == ModelPrecision.Float16 ? Ort.Float16 : Ort.Float, d.FloatType);
        Assert.Equal(ids == TokenIdType.Int32 ? Ort.Int32 : Ort.Int64, d.TokenIdType);
        Assert.Equal(timestep == TimestepType.Int64 ? Ort.Int64 : d.FloatType, d.TimestepType);
        Assert.Equal(perBatch ? 1 : 0, d.TimestepRank);
        Assert.Equal(vae, d.VaeEncoderOutput);
        Assert.Equal(dynamic, d.DynamicBatch);
        Assert.Equal(dynamic, model.UNet.RunsBatchInOneCall);
        Assert.Equal(32, d.TextHiddenSize);
        Assert.True(d.IsTinyModel);

        // Whole pipeline shape: two prompts (guidance), one denoising step, decode, encode.
        int[] tokens = TestInputs.Prompt(5).Concat(TestInputs.Prompt(6)).ToArray();
        float[] text = model.TextEncoder.Encode(tokens);
        float[] latents = TestInputs.Values(2 * 4 * H * W, 1);
        var noise = new float[latents.Length];
        model.UNet.Predict(latents, 2, H, W, 981, text, noise);
        Assert.All(noise, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(noise.AsSpan(0, 24).ToArray(), noise.AsSpan(24, 24).ToArray());

        var image = new float[3 * 8 * H * 8 * W];
        model.VaeDecoder.Decode(latents.AsSpan(0, 4 * H * W), H, W, image);
        Assert.All(image, v => Assert.True(float.IsFinite(v)));
        var latent = new float[4 * H * W];
        model.VaeEncoder.Encode(image, 8 * H, 8 * W, TestInputs.Values(latent.Length, 2), latent);
        Assert.All(latent, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Same_seed_writes_identical_files_and_another_seed_does_not()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        TinyModelGenerator.Write(a.Path);
        TinyModelGenerator.Write(b.Path);
        TinyModelGenerator.Write(c.Path, new TinyModelOptions { Seed = 99 });
        string[] files = ["text_encoder/model.onnx", "unet/model.onnx", "unet/model.onnx_data", "vae_decoder/model.onnx", "tokenizer/vocab.json"];
        foreach (string file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, file)), File.ReadAllBytes(Path.Combine(b.Path, file)));
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a.Path, "unet/model.onnx_data")), File.ReadAllBytes(Path.Combine(c.Path, "unet/model.onnx_data")));
    }

    [Fact]
    public void UNet_weights_live_in_the_external_data_file_and_are_needed()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path, new TinyModelOptions { UNetChannels = 32 });
        var graph = new FileInfo(Path.Combine(temp.Path, "unet/model.onnx"));
        var data = new FileInfo(Path.Combine(temp.Path, "unet", TinyModelGenerator.UNetDataFileName));
        // Every UNet weight of at least 1 KiB goes external, as float32.
        var (_, unet, _) = ModelGraphBuilder.ListTensors(TinyConfigs.For(new TinyModelOptions { UNetChannels = 32 }));
        long external = unet.Tensors.Select(t => 4 * t.Shape.Aggregate(1L, (a, b) => a * b)).Where(bytes => bytes >= 1024).Sum();
        Assert.Equal(external, data.Length);
        Assert.True(graph.Length < data.Length / 2, $"graph {graph.Length} B, data {data.Length} B");

        using (var model = ModelFolder.Open(temp.Path))
        {
            Assert.Equal(data.Length, model.Description.Component("unet").ExternalDataSize);
        }

        data.Delete();
        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(temp.Path));
        Assert.Contains("unet/model.onnx", error.Message);
    }

    [Fact]
    public void Marker_is_written_last_and_recognised()
    {
        using var temp = new TempFolder();
        Assert.False(TinyModelGenerator.IsComplete(temp.Path));
        TinyModelGenerator.Write(temp.Path);
        Assert.True(TinyModelGenerator.IsComplete(temp.Path));
        File.Delete(Path.Combine(temp.Path, TinyModelGenerator.MarkerFileName));
        Assert.False(TinyModelGenerator.IsComplete(temp.Path));
    }

    [Fact]
    public void Scheduler_config_is_riffusions()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "scheduler/scheduler_config.json")));
        var root = json.RootElement;
        Assert.Equal("PNDMScheduler", root.GetProperty("_class_name").GetString());
        Assert.Equal("scaled_linear", root.GetProperty("beta_schedule").GetString());
        Assert.Equal(0.00085, root.GetProperty("beta_start").GetDouble());
        Assert.Equal(0.012, root.GetProperty("beta_end").GetDouble());
        Assert.Equal(1000, root.GetProperty("num_train_timesteps").GetInt32());
        Assert.Equal(1, root.GetProperty("steps_offset").GetInt32());
        Assert.False(root.GetProperty("set_alpha_to_one").GetBoolean());
        Assert.True(root.GetProperty("skip_prk_steps").GetBoolean());
    }
}
