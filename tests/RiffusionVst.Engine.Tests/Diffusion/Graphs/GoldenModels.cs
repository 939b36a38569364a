using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Graphs;

/// <summary>
/// The small reference model's graphs, built once per test class: fp32 from the safetensors files, fp32 from the
/// PyTorch .bin files, fp16 from the safetensors files, and both precisions with fused attention.
/// </summary>
public sealed class GoldenModels : IDisposable
{
    private readonly TempFolder _root = new();

    /// <summary>Builds the three model folders.</summary>
    public GoldenModels()
    {
        string model = Path.Combine(GoldenValues.Fixture, "model");
        using (ModelWeights weights = ModelWeightsReader.Open(model))
        {
            Safetensors = Build(weights, "safetensors", ModelPrecision.Float32);
            Half = Build(weights, "half", ModelPrecision.Float16);
            Fused = Build(weights, "fused", ModelPrecision.Float32, fusedAttention: true);
            FusedHalf = Build(weights, "fused-half", ModelPrecision.Float16, fusedAttention: true);
        }

        using (ModelWeights weights = OpenBinFiles(model))
        {
            PyTorchBin = Build(weights, "bin", ModelPrecision.Float32);
        }
    }

    /// <summary>fp32 graphs from the safetensors files.</summary>
    public string Safetensors { get; }

    /// <summary>fp32 graphs from the .bin files.</summary>
    public string PyTorchBin { get; }

    /// <summary>fp16 graphs from the safetensors files.</summary>
    public string Half { get; }

    /// <summary>fp32 graphs with fused attention.</summary>
    public string Fused { get; }

    /// <summary>fp16 graphs with fused attention.</summary>
    public string FusedHalf { get; }

    /// <summary>The folder for a build.</summary>
    public string For(string name) => name switch
    {
        "safetensors" => Safetensors,
        "bin" => PyTorchBin,
        "fused" => Fused,
        "fused-half" => FusedHalf,
        _ => Half,
    };

    /// <summary>Deletes the built folders.</summary>
    public void Dispose() => _root.Dispose();

    /// <summary>The fixture's configs with the .bin weight files.</summary>
    internal static ModelWeights OpenBinFiles(string model) => new()
    {
        TextEncoderConfigJson = File.ReadAllText(Path.Combine(model, "text_encoder", "config.json")),
        UNetConfigJson = File.ReadAllText(Path.Combine(model, "unet", "config.json")),
        VaeConfigJson = File.ReadAllText(Path.Combine(model, "vae", "config.json")),
        TextEncoder = ModelWeightsReader.OpenFile(Path.Combine(model, "text_encoder", "pytorch_model.bin")),
        UNet = ModelWeightsReader.OpenFile(Path.Combine(model, "unet", "diffusion_pytorch_model.bin")),
        Vae = ModelWeightsReader.OpenFile(Path.Combine(model, "vae", "diffusion_pytorch_model.bin")),
        SchedulerConfigJson = File.ReadAllText(Path.Combine(model, "scheduler", "scheduler_config.json")),
        TokenizerFolder = Path.Combine(model, "tokenizer"),
    };

    private string Build(ModelWeights weights, string name, ModelPrecision precision, bool fusedAttention = false)
    {
        string folder = Path.Combine(_root.Path, name);
        ModelGraphBuilder.Build(weights, folder, new GraphBuildOptions { Precision = precision, FusedAttention = fusedAttention });
        return folder;
    }
}
