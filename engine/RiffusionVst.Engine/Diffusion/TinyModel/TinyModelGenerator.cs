using System.Globalization;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel.Onnx;

namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>
/// Generates a tiny, randomly weighted model in the same folder layout, names and conventions as an optimum /
/// diffusers ONNX export of Riffusion, so the engine runs end to end where no real weights can be had.
/// Its audio is noise-like; only the plumbing is real.
/// </summary>
public static class TinyModelGenerator
{
    /// <summary>Name of the file that marks a complete tiny model and records how it was made.</summary>
    public const string MarkerFileName = "tiny_model.json";

    /// <summary>Bumped whenever the generated graphs change, so cached copies are regenerated.</summary>
    public const int FormatVersion = 1;

    /// <summary>Name of the UNet's external weight file, as optimum names it.</summary>
    public const string UNetDataFileName = "model.onnx_data";

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
        var random = new DeterministicRandom(options.Seed);

        string tokenizer = Directory.CreateDirectory(Path.Combine(folder, "tokenizer")).FullName;
        int vocabularySize = TinyTokenizerFiles.Write(tokenizer);

        WriteTextEncoder(Part(folder, "text_encoder"), options, random, vocabularySize);
        WriteUNet(Part(folder, "unet"), options, random);
        WriteVaeEncoder(Part(folder, "vae_encoder"), options, random);
        WriteVaeDecoder(Part(folder, "vae_decoder"), options, random);

        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "scheduler")).FullName, "scheduler_config.json"), SchedulerConfig);
        File.WriteAllText(Path.Combine(folder, "model_index.json"), ModelIndex);
        File.WriteAllText(Path.Combine(folder, MarkerFileName), Marker(options));
    }

    /// <summary>True when <paramref name="folder"/> holds a complete tiny model of the current format.</summary>
    public static bool IsComplete(string folder)
    {
        string marker = Path.Combine(folder, MarkerFileName);
        return File.Exists(marker)
            && File.ReadAllText(marker).Contains($"\"format_version\": {FormatVersion},", StringComparison.Ordinal);
    }

    private static string Part(string folder, string name) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(folder, name)).FullName, "model.onnx");

    private static OnnxDimension Batch(TinyModelOptions options) => options.DynamicBatch ? "batch" : 1;

    private static void WriteTextEncoder(string path, TinyModelOptions options, DeterministicRandom random, int vocabularySize)
    {
        // Token embedding + position embedding → linear → tanh: each output row depends on its own token.
        var graph = new TinyGraph("text_encoder", options.Precision, random);
        var b = graph.Builder;
        long d = options.TextHiddenSize;
        OnnxDataType idType = options.TokenIds == TokenIdType.Int32 ? OnnxDataType.Int32 : OnnxDataType.Int64;
        b.AddInput("input_ids", idType, Batch(options), "sequence_length");

        // Real CLIP ids (49406, 49407) must not fall off the small table, so ids are taken modulo its size.
        string size = options.TokenIds == TokenIdType.Int32
            ? graph.Int32Constant("vocabulary_size", vocabularySize)
            : graph.Int64Constant("vocabulary_size", vocabularySize);
        string ids = b.AddNode("Mod", ["input_ids", size]);
        string table = graph.RandomWeight("token_embedding", [vocabularySize, d], 1f);
        string tokens = b.AddNode("Gather", [table, ids], OnnxAttribute.Int("axis", 0));
        string positions = graph.RandomWeight("position_embedding", [SequenceLength, d], 0.2f);
        string embedded = b.AddNode("Add", [tokens, positions]);
        string projected = b.AddNode("MatMul", [embedded, graph.RandomWeight("projection.weight", [d, d], 1f / MathF.Sqrt(d) * 1.5f)]);
        string biased = b.AddNode("Add", [projected, graph.RandomWeight("projection.bias", [d], 0.1f)]);
        string hidden = b.AddNode("Tanh", [biased]);
        graph.FloatOutput("last_hidden_state", hidden, Batch(options), "sequence_length", d);
        string pooled = b.AddNode("ReduceMean", [hidden], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        graph.FloatOutput("pooler_output", pooled, Batch(options), d);
        b.Save(path);
    }

    private static void WriteUNet(string path, TinyModelOptions options, DeterministicRandom random)
    {
        // conv3×3 → + timestep embedding + pooled text projection (per channel) → SiLU → conv3×3.
        var graph = new TinyGraph("unet", options.Precision, random);
        var b = graph.Builder;
        long c = options.UNetChannels;
        long d = options.TextHiddenSize;
        OnnxDimension batch = Batch(options);

        string sample = graph.FloatInput("sample", batch, 4, "height", "width");
        OnnxDataType timestepType = options.Timestep == TimestepType.Int64 ? OnnxDataType.Int64 : graph.FloatType;
        if (options.TimestepPerBatch)
        {
            b.AddInput("timestep", timestepType, batch);
        }
        else
        {
            b.AddInput("timestep", timestepType);
        }

        string text = graph.FloatInput("encoder_hidden_states", batch, "sequence_length", d);

        string features = graph.Conv(sample, "conv_in", c, 4, 3, 0.4f);

        // Sinusoidal timestep embedding over frequencies spread from 1 to 1/1000, then a linear layer.
        var frequencies = new float[c];
        for (int i = 0; i < c; i++)
        {
            frequencies[i] = MathF.Exp(-MathF.Log(1000f) * i / c);
        }

        string t = b.AddNode("Reshape", [graph.ToFloat("timestep"), graph.Int64Constant("timestep_column", -1, 1)]);
        string angles = b.AddNode("Mul", [t, graph.Weight("time_frequencies", [1, c], frequencies)]);
        string sines = b.AddNode("Sin", [angles]);
        string timeEmbedding = b.AddNode("MatMul", [sines, graph.RandomWeight("time_projection.weight", [c, c], 0.5f)]);
        string perChannel = graph.Int64Constant("per_channel_shape", -1, c, 1, 1);
        string time = b.AddNode("Reshape", [timeEmbedding, perChannel]);

        string pooled = b.AddNode("ReduceMean", [text], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        string textEmbedding = b.AddNode("MatMul", [pooled, graph.RandomWeight("text_projection.weight", [d, c], 2f)]);
        string textPerChannel = b.AddNode("Reshape", [textEmbedding, perChannel]);

        string mixed = b.AddNode("Add", [b.AddNode("Add", [features, time]), textPerChannel]);
        string activated = b.AddNode("Mul", [mixed, b.AddNode("Sigmoid", [mixed])]);
        string output = graph.Conv(activated, "conv_out", 4, c, 3, 0.2f);
        graph.FloatOutput("out_sample", output, batch, 4, "height", "width");
        b.Save(path, UNetDataFileName);
    }

    private static void WriteVaeEncoder(string path, TinyModelOptions options, DeterministicRandom random)
    {
        // One 8×8 stride-8 patch convolution: 8 channels (mean, log-variance) or 4 (a latent sample).
        var graph = new TinyGraph("vae_encoder", options.Precision, random);
        OnnxDimension batch = Batch(options);
        string image = graph.FloatInput("sample", batch, 3, "height", "width");
        bool parameters = options.VaeEncoderOutput == VaeEncoderOutputKind.LatentParameters;
        long channels = parameters ? 8 : 4;
        string latent = graph.Conv(image, "patch", channels, 3, 8, 0.08f, patch: true);
        graph.FloatOutput(parameters ? "latent_parameters" : "latent_sample", latent, batch, channels, "latent_height", "latent_width");
        graph.Builder.Save(path);
    }

    private static void WriteVaeDecoder(string path, TinyModelOptions options, DeterministicRandom random)
    {
        // conv3×3 → nearest 8× upsample → conv3×3 → tanh, so the image lies in (−1, 1).
        var graph = new TinyGraph("vae_decoder", options.Precision, random);
        var b = graph.Builder;
        OnnxDimension batch = Batch(options);
        string latent = graph.FloatInput("latent_sample", batch, 4, "latent_height", "latent_width");
        string features = graph.Conv(latent, "conv_in", 8, 4, 3, 0.4f);
        string scales = graph.Weight("upsample_scales", [4], [1f, 1f, 8f, 8f]);
        string upsampled = b.AddNode("Resize", [features, string.Empty, scales], OnnxAttribute.String("mode", "nearest"));
        string image = b.AddNode("Tanh", [graph.Conv(upsampled, "conv_out", 3, 8, 3, 0.3f)]);
        graph.FloatOutput("sample", image, batch, 3, "height", "width");
        b.Save(path);
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

    private const string SchedulerConfig = """
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

    private const string ModelIndex = """
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
}
