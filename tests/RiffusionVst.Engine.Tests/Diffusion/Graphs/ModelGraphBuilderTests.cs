using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Graphs;

public class ModelGraphBuilderTests
{
    private static readonly string Model = Path.Combine(GoldenValues.Fixture, "model");

    private static void Build(Func<ModelWeights, ModelWeights> change, string folder, GraphBuildOptions? options = null)
    {
        using ModelWeights weights = ModelWeightsReader.Open(Model);
        ModelGraphBuilder.Build(change(weights), folder, options ?? new GraphBuildOptions());
    }

    private static ModelWeights WithUNetConfig(ModelWeights w, string json) => new()
    {
        TextEncoderConfigJson = w.TextEncoderConfigJson,
        UNetConfigJson = json,
        VaeConfigJson = w.VaeConfigJson,
        TextEncoder = w.TextEncoder,
        UNet = w.UNet,
        Vae = w.Vae,
        SchedulerConfigJson = w.SchedulerConfigJson,
        TokenizerFolder = w.TokenizerFolder,
    };

    private static string UNetConfig(string from, string to)
    {
        string json = File.ReadAllText(Path.Combine(Model, "unet", "config.json"));
        Assert.Contains(from, json);
        return json.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_that_do_not_fit_the_config_are_named_with_both_shapes()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<WeightFileException>(() => Build(w => WithUNetConfig(w, UNetConfig("\"block_out_channels\": [\n    32,\n    64\n  ]", "\"block_out_channels\": [32, 96]")), temp.Path));
        Assert.Contains("unet tensor 'down_blocks.1.resnets.0.conv1.weight' has shape [64, 32, 3, 3] but the config.json implies [96, 32, 3, 3]", error.Message);
        Assert.False(File.Exists(Path.Combine(temp.Path, ModelFolder.ModelIndexFile)), "a failed build must not look like a model");
    }

    [Fact]
    public void A_missing_weight_is_named()
    {
        using var temp = new TempFolder();
        var error = Assert.ThrowsAny<Exception>(() => Build(w => WithUNetConfig(w, UNetConfig("\"layers_per_block\": 1", "\"layers_per_block\": 2")), temp.Path));
        Assert.Contains("down_blocks.0.resnets.1.norm1.weight", error.Message);
        Assert.IsType<WeightFileException>(error);
    }

    [Theory]
    [InlineData("\"DownBlock2D\"", "\"SkipDownBlock2D\"", "unet config.json: down block type 'SkipDownBlock2D' is not supported (known: CrossAttnDownBlock2D, DownBlock2D)")]
    [InlineData("\"attention_head_dim\": 2", "\"attention_head_dim\": 3", "unet config.json: block_out_channels[0] = 32 must be a multiple of attention_head_dim[0] = 3 (the head count)")]
    [InlineData("\"cross_attention_dim\": 32", "\"cross_attention_dim\": 768", "unet config.json: cross_attention_dim 768 does not match the text encoder's hidden_size 32; the components do not belong to one model.")]
    [InlineData("\"act_fn\": \"silu\"", "\"act_fn\": \"mish\"", "unet config.json: act_fn 'mish' is not supported; SD 1.x uses silu")]
    [InlineData("\"layers_per_block\": 1", "\"layers_per_block\": \"one\"", "unet config.json: field 'layers_per_block' has the wrong kind of value (\"one\"); use the config.json that came with the weights.")]
    public void Configs_the_builder_cannot_build_give_one_clear_error(string from, string to, string message)
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<GraphBuildException>(() => Build(w => WithUNetConfig(w, UNetConfig(from, to)), temp.Path));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Weights_without_a_tokenizer_are_refused()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<GraphBuildException>(() => Build(
            w => new ModelWeights
            {
                TextEncoderConfigJson = w.TextEncoderConfigJson, UNetConfigJson = w.UNetConfigJson, VaeConfigJson = w.VaeConfigJson,
                TextEncoder = w.TextEncoder, UNet = w.UNet, Vae = w.Vae, TokenizerFolder = null,
            },
            temp.Path));
        Assert.Equal("the CLIP tokenizer files (vocab.json and merges.txt) were not found; give a model folder with a tokenizer/ folder.", error.Message);
    }

    [Fact]
    public void Progress_names_each_graph_and_every_checkpoint_tensor_is_used()
    {
        using var temp = new TempFolder();
        var lines = new List<string>();
        Build(w => w, temp.Path, new GraphBuildOptions { Progress = new SynchronousProgress(lines) });
        Assert.Equal(["text_encoder", "unet", "vae_encoder", "vae_decoder"], lines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(lines, l => Assert.Contains(" weights, ", l));
        // Every tensor of the checkpoint is used (208 in the UNet, 180 in the VAE); the text encoder's int64
        // position_ids buffer (its 37th tensor) is recomputed in the graph and not reported as unused.
        Assert.StartsWith("text_encoder: 36 weights, ", lines[0]);
        Assert.StartsWith("unet: 208 weights, ", lines[1]);
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public void Half_precision_stores_half_the_bytes()
    {
        using var single = new TempFolder();
        using var half = new TempFolder();
        Build(w => w, single.Path);
        Build(w => w, half.Path, new GraphBuildOptions { Precision = ModelPrecision.Float16 });
        foreach (string component in new[] { "text_encoder", "unet", "vae_encoder", "vae_decoder" })
        {
            long a = new FileInfo(Path.Combine(single.Path, component, ModelGraphBuilder.DataFileName)).Length;
            long b = new FileInfo(Path.Combine(half.Path, component, ModelGraphBuilder.DataFileName)).Length;
            Assert.InRange(b, a * 0.45, a * 0.55);
        }

        using var model = ModelFolder.Open(half.Path);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16, model.Description.FloatType);
    }

    [Fact]
    public void Cuda_only_graphs_use_the_fused_group_norm_that_the_cpu_cannot_run()
    {
        // The flag's graphs are unverified until they have run on a GPU; here we can only see that they are different.
        using var temp = new TempFolder();
        Build(w => w, temp.Path, new GraphBuildOptions { CudaOnlyOps = true });
        byte[] unet = File.ReadAllBytes(Path.Combine(temp.Path, "unet", "model.onnx"));
        Assert.True(Contains(unet, "com.microsoft"u8) && Contains(unet, "GroupNorm"u8));
        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(temp.Path));
        Assert.Contains("GroupNorm", error.Message);
    }

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
