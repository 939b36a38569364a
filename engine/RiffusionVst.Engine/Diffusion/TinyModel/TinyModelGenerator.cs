using System.Globalization;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Graphs;

namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>
/// Generates a tiny, randomly weighted model in the same folder layout, names and conventions as an optimum /
/// diffusers ONNX export of Riffusion, so the engine runs end to end where no real weights can be had. It is the
/// real SD 1.x architecture (built by <see cref="ModelGraphBuilder"/>) at toy widths; its audio is noise-like.
/// </summary>
public static class TinyModelGenerator
{
    /// <summary>Name of the file that marks a complete tiny model and records how it was made.</summary>
    public const string MarkerFileName = "tiny_model.json";

    /// <summary>Bumped whenever the generated graphs change, so cached copies are regenerated.</summary>
    public const int FormatVersion = 4;

    /// <summary>Name of the UNet's external weight file, as optimum names it.</summary>
    public const string UNetDataFileName = ModelGraphBuilder.DataFileName;

    /// <summary>Tokens per prompt (CLIP's context length).</summary>
    public const int SequenceLength = 77;

    /// <summary>Writes the whole model folder (creating it if needed); the marker file is written last.</summary>
    public static void Write(string folder, TinyModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new TinyModelOptions();
        if (options.TextHiddenSize < 1 || options.UNetChannels < 1)
        {
            throw new ArgumentException(
                $"TinyModelOptions sizes must be positive (TextHiddenSize={options.TextHiddenSize}, UNetChannels={options.UNetChannels}).",
                nameof(options));
        }

        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, MarkerFileName));
        TinyTokenizerFiles.Write(Directory.CreateDirectory(Path.Combine(folder, "tokenizer")).FullName);

        ModelConfigs configs = TinyConfigs.For(options);
        var (textTensors, unetTensors, vaeTensors) = ModelGraphBuilder.ListTensors(configs);
        using var text = new RandomWeightSource(textTensors, options.Seed);
        using var unet = new RandomWeightSource(unetTensors, options.Seed);
        using var vae = new RandomWeightSource(vaeTensors, options.Seed);
        var conventions = new ExportConventions
        {
            Int64TokenIds = options.TokenIds == TokenIdType.Int64,
            Int64Timestep = options.Timestep == TimestepType.Int64,
            TimestepPerBatch = options.TimestepPerBatch,
            VaeEncoderOutput = options.VaeEncoderOutput,
            DynamicBatch = options.DynamicBatch,
        };
        ModelGraphBuilder.BuildGraphs(configs, text, unet, vae, folder, new GraphBuildOptions { Precision = options.Precision }, conventions, default);
        ModelGraphBuilder.WriteIndexAndScheduler(folder, null);
        File.WriteAllText(Path.Combine(folder, MarkerFileName), Marker(options));
    }

    /// <summary>True when <paramref name="folder"/> holds a complete tiny model of the current format.</summary>
    public static bool IsComplete(string folder)
    {
        string marker = Path.Combine(folder, MarkerFileName);
        return File.Exists(marker)
            && File.ReadAllText(marker).Contains($"\"format_version\": {FormatVersion},", StringComparison.Ordinal);
    }

    private static string Marker(TinyModelOptions o) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""
        {
          "format_version": {{FormatVersion}},
          "note": "Tiny generated model with random weights: the layout of a real Riffusion ONNX export, noise-like audio.",
          "precision": "{{o.Precision}}",
          "token_ids": "{{o.TokenIds}}",
          "timestep": "{{o.Timestep}}",
          "timestep_per_batch": {{(o.TimestepPerBatch ? "true" : "false")}},
          "vae_encoder_output": "{{o.VaeEncoderOutput}}",
          "dynamic_batch": {{(o.DynamicBatch ? "true" : "false")}},
          "text_hidden_size": {{o.TextHiddenSize}},
          "unet_channels": {{o.UNetChannels}},
          "seed": {{o.Seed}}
        }

        """);
}
