using System.Diagnostics;
using System.Globalization;
using RiffusionVst.Engine.Diffusion.Graphs.Configs;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// Builds the four ONNX graphs (text encoder, UNet, VAE encoder, VAE decoder) of a Stable Diffusion 1.x model from
/// its configs and weights, in the folder layout <see cref="Model.ModelFolder"/> reads.
/// </summary>
/// <remarks>
/// Steps: parse and cross-check the three configs; build each graph, streaming its weights (converted to the
/// chosen precision) into <c>model.onnx_data</c> next to <c>model.onnx</c>; copy the tokenizer; write the
/// scheduler config; write <c>model_index.json</c> last, so a folder whose build stopped half way is never taken
/// for a model.
/// </remarks>
public static class ModelGraphBuilder
{
    /// <summary>Name of every graph's external weight file, as optimum names the UNet's.</summary>
    public const string DataFileName = "model.onnx_data";

    /// <summary>Riffusion's scheduler (PNDM, scaled-linear betas), written when the weights come without one.</summary>
    internal const string DefaultSchedulerConfig = """
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.9.0",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "clip_sample": false,
          "num_train_timesteps": 1000,
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "trained_betas": null
        }

        """;

    /// <summary>The pipeline index of an ONNX Stable Diffusion export.</summary>
    internal const string ModelIndex = """
        {
          "_class_name": "OnnxStableDiffusionPipeline",
          "_diffusers_version": "0.9.0",
          "feature_extractor": [null, null],
          "safety_checker": [null, null],
          "scheduler": ["diffusers", "PNDMScheduler"],
          "text_encoder": ["diffusers", "OnnxRuntimeModel"],
          "tokenizer": ["transformers", "CLIPTokenizer"],
          "unet": ["diffusers", "OnnxRuntimeModel"],
          "vae_decoder": ["diffusers", "OnnxRuntimeModel"],
          "vae_encoder": ["diffusers", "OnnxRuntimeModel"]
        }

        """;

    private static readonly string[] TokenizerFiles = ["vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"];

    /// <summary>Writes the complete model folder to <paramref name="outputFolder"/> (created when missing).</summary>
    /// <exception cref="GraphBuildException">A config cannot be built from, or the tokenizer is missing.</exception>
    /// <exception cref="WeightFileException">A weight is missing or has a shape the config does not imply.</exception>
    public static void Build(ModelWeights weights, string outputFolder, GraphBuildOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        var configs = new ModelConfigs(
            ClipTextConfig.Parse(weights.TextEncoderConfigJson),
            UNetConfig.Parse(weights.UNetConfigJson),
            VaeConfig.Parse(weights.VaeConfigJson));
        string? tokenizer = weights.TokenizerFolder;
        if (tokenizer is null || !File.Exists(Path.Combine(tokenizer, "vocab.json")) || !File.Exists(Path.Combine(tokenizer, "merges.txt")))
        {
            throw new GraphBuildException(
                $"the CLIP tokenizer files (vocab.json and merges.txt) were not found{(tokenizer is null ? string.Empty : $" in '{tokenizer}'")}; give a model folder with a tokenizer/ folder.");
        }

        Directory.CreateDirectory(outputFolder);
        File.Delete(Path.Combine(outputFolder, ModelFolder.ModelIndexFile));
        BuildGraphs(configs, weights.TextEncoder, weights.UNet, weights.Vae, outputFolder, options, new ExportConventions(), cancellation);

        string tokenizerOut = Directory.CreateDirectory(Path.Combine(outputFolder, "tokenizer")).FullName;
        if (!string.Equals(Path.GetFullPath(tokenizer), tokenizerOut, StringComparison.Ordinal))
        {
            foreach (string file in TokenizerFiles.Where(f => File.Exists(Path.Combine(tokenizer, f))))
            {
                File.Copy(Path.Combine(tokenizer, file), Path.Combine(tokenizerOut, file), overwrite: true);
            }
        }

        WriteIndexAndScheduler(outputFolder, weights.SchedulerConfigJson);
    }

    /// <summary>Writes <c>scheduler/scheduler_config.json</c> and then <c>model_index.json</c>.</summary>
    internal static void WriteIndexAndScheduler(string outputFolder, string? schedulerConfigJson)
    {
        string scheduler = Directory.CreateDirectory(Path.Combine(outputFolder, "scheduler")).FullName;
        File.WriteAllText(Path.Combine(scheduler, "scheduler_config.json"), schedulerConfigJson ?? DefaultSchedulerConfig);
        File.WriteAllText(Path.Combine(outputFolder, ModelFolder.ModelIndexFile), ModelIndex);
    }

    /// <summary>Builds the four graphs into their subfolders of <paramref name="outputFolder"/>.</summary>
    internal static void BuildGraphs(
        ModelConfigs configs,
        IWeightSource textEncoder,
        IWeightSource unet,
        IWeightSource vae,
        string outputFolder,
        GraphBuildOptions options,
        ExportConventions conventions,
        CancellationToken cancellation)
    {
        configs.Check();
        var vaeUsed = new HashSet<string>(StringComparer.Ordinal);
        BuildOne("text_encoder", textEncoder, g => TextEncoderGraph.Build(g, configs.TextEncoder, conventions), null);
        BuildOne("unet", unet, g => UNetGraph.Build(g, configs.UNet, conventions), null);
        BuildOne("vae_encoder", vae, g => VaeGraphs.BuildEncoder(g, configs.Vae, conventions), vaeUsed);
        BuildOne("vae_decoder", vae, g => VaeGraphs.BuildDecoder(g, configs.Vae, conventions), vaeUsed);
        ReportUnused("vae", vae, vaeUsed, options.Progress);

        void BuildOne(string component, IWeightSource source, Action<GraphContext> build, HashSet<string>? shared)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            string folder = Directory.CreateDirectory(Path.Combine(outputFolder, component)).FullName;
            using var g = new GraphContext(component, options.Precision, options.CudaOnlyOps, source, null, cancellation) { FusedAttention = options.FusedAttention };
            g.Graph.StreamWeightsTo(Path.Combine(folder, DataFileName));
            build(g);
            g.Graph.Save(Path.Combine(folder, "model.onnx"));
            long bytes = new FileInfo(Path.Combine(folder, DataFileName)).Length;
            options.Progress?.Report(string.Create(
                CultureInfo.InvariantCulture,
                $"{component}: {g.Used.Count} weights, {bytes / 1e6:F1} MB ({options.Precision}) in {clock.Elapsed.TotalSeconds:F1} s"));
            if (shared is null)
            {
                ReportUnused(component, source, g.Used, options.Progress);
            }
            else
            {
                shared.UnionWith(g.Used);
            }
        }
    }

    /// <summary>The weights (names and PyTorch shapes) the graphs of <paramref name="configs"/> read, per component.</summary>
    internal static (TensorCatalog TextEncoder, TensorCatalog UNet, TensorCatalog Vae) ListTensors(ModelConfigs configs)
    {
        configs.Check();
        var conventions = new ExportConventions();
        var text = new TensorCatalog();
        var unet = new TensorCatalog();
        var vae = new TensorCatalog();
        using (var g = new GraphContext("text_encoder", ModelPrecision.Float32, false, null, text))
        {
            TextEncoderGraph.Build(g, configs.TextEncoder, conventions);
        }

        using (var g = new GraphContext("unet", ModelPrecision.Float32, false, null, unet))
        {
            UNetGraph.Build(g, configs.UNet, conventions);
        }

        using (var g = new GraphContext("vae_encoder", ModelPrecision.Float32, false, null, vae))
        {
            VaeGraphs.BuildEncoder(g, configs.Vae, conventions);
        }

        using (var g = new GraphContext("vae_decoder", ModelPrecision.Float32, false, null, vae))
        {
            VaeGraphs.BuildDecoder(g, configs.Vae, conventions);
        }

        return (text, unet, vae);
    }

    private static void ReportUnused(string component, IWeightSource source, HashSet<string> used, IProgress<string>? progress)
    {
        // Checkpoints carry buffers the graphs recompute (CLIP's position_ids); anything else unused is worth a line.
        var unused = source.Names.Where(n => !used.Contains(n) && !n.EndsWith("position_ids", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            progress?.Report($"{component}: {unused.Count} tensors not used by the graphs: {string.Join(", ", unused.Take(10))}{(unused.Count > 10 ? ", …" : string.Empty)}");
        }
    }
}
