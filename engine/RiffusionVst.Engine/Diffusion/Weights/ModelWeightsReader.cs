using RiffusionVst.Engine.Diffusion.Weights.Naming;
using RiffusionVst.Engine.Diffusion.Weights.Safetensors;
using RiffusionVst.Engine.Diffusion.Weights.Torch;

namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>
/// Opens published Stable Diffusion 1.x weights as <see cref="ModelWeights"/> in the internal naming:
/// a diffusers folder (<c>unet/</c>, <c>vae/</c>, <c>text_encoder/</c> each with <c>config.json</c> and a
/// safetensors or PyTorch weights file; <c>tokenizer/</c>; <c>scheduler/</c>) or a single-file original
/// checkpoint (<c>.ckpt</c>, <c>.safetensors</c>) with the SD 1.x configs the engine ships.
/// </summary>
public static class ModelWeightsReader
{
    /// <summary>Weight file names of a diffusers component, best first (safetensors needs no unpickling).</summary>
    public static IReadOnlyList<string> ComponentWeightFiles { get; } =
        ["diffusion_pytorch_model.safetensors", "model.safetensors", "diffusion_pytorch_model.bin", "pytorch_model.bin"];

    // Tensors of a single-file checkpoint that belong to no component the engine builds (training schedules, EMA copies).
    private static readonly string[] IgnoredPrefixes = ["model_ema.", "betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_", "log_one_minus_", "posterior_", "logvar", "lvlb_weights"];

    /// <summary>Opens a diffusers folder or a single-file checkpoint; throws <see cref="WeightFileException"/> saying what is wrong.</summary>
    public static ModelWeights Open(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return OpenFolder(full);
        }

        if (File.Exists(full))
        {
            return OpenSingleFile(full);
        }

        throw new WeightFileException($"'{full}' does not exist: give a diffusers model folder (unet/, vae/, text_encoder/) or a single .ckpt/.safetensors checkpoint.");
    }

    /// <summary>Opens one weights file by its contents: a zip is a PyTorch checkpoint, anything else is read as safetensors.</summary>
    public static IWeightSource OpenFile(string path)
    {
        bool zip;
        using (MappedFile probe = MappedFile.Open(path))
        {
            zip = ZipDirectory.LooksLikeZip(probe);
        }

        return zip ? TorchCheckpoint.Open(path) : SafetensorsFile.Open(path);
    }

    /// <summary>The weights file of a diffusers component folder, or null when it has none.</summary>
    public static string? FindComponentWeights(string componentFolder) =>
        ComponentWeightFiles.Select(name => Path.Combine(componentFolder, name)).FirstOrDefault(File.Exists);

    private static ModelWeights OpenFolder(string folder)
    {
        var problems = new List<string>();
        string Config(string component)
        {
            string file = Path.Combine(folder, component, "config.json");
            if (!File.Exists(file))
            {
                problems.Add($"{component}/config.json");
                return string.Empty;
            }

            return File.ReadAllText(file);
        }

        string? Weights(string component)
        {
            string? file = FindComponentWeights(Path.Combine(folder, component));
            if (file is null)
            {
                problems.Add($"{component}/{(component == "text_encoder" ? "model.safetensors or pytorch_model.bin" : "diffusion_pytorch_model.safetensors or .bin")}");
            }

            return file;
        }

        string unetConfig = Config("unet"), vaeConfig = Config("vae"), textConfig = Config("text_encoder");
        string? unetFile = Weights("unet"), vaeFile = Weights("vae"), textFile = Weights("text_encoder");
        if (problems.Count > 0)
        {
            throw new WeightFileException(
                $"'{folder}' is not a complete diffusers model folder: it lacks {string.Join(", ", problems)}. Download the whole model (riffusion-engine model install) or point at a single .ckpt file.");
        }

        var opened = new List<IWeightSource>();
        try
        {
            IWeightSource unet = Track(opened, OpenFile(unetFile!));
            IWeightSource vae = Track(opened, OpenFile(vaeFile!));
            IWeightSource text = Track(opened, OpenFile(textFile!));
            string scheduler = Path.Combine(folder, "scheduler", "scheduler_config.json");
            return new ModelWeights
            {
                UNetConfigJson = unetConfig,
                VaeConfigJson = vaeConfig,
                TextEncoderConfigJson = textConfig,
                UNet = unet,
                Vae = Renamed(vae, DiffusersVaeNames(vaeFile!, vae), vae.Dispose),
                TextEncoder = text,
                SchedulerConfigJson = File.Exists(scheduler) ? File.ReadAllText(scheduler) : null,
                TokenizerFolder = TokenizerFolder(Path.Combine(folder, "tokenizer")),
            };
        }
        catch
        {
            opened.ForEach(source => source.Dispose());
            throw;
        }
    }

    private static ModelWeights OpenSingleFile(string file)
    {
        IWeightSource source = OpenFile(file);
        try
        {
            string unetConfig = Sd1Configs.UNet, vaeConfig = Sd1Configs.Vae;
            int layersPerBlock = Sd1Configs.Integer(unetConfig, "layers_per_block", 2);
            int vaeBlocks = Sd1Configs.ArrayLength(vaeConfig, "block_out_channels", 4);
            var unet = new Dictionary<string, string>(StringComparer.Ordinal);
            var vae = new Dictionary<string, string>(StringComparer.Ordinal);
            var text = new Dictionary<string, string>(StringComparer.Ordinal);
            var unknown = new List<string>();
            foreach (string name in source.Names.Order(StringComparer.Ordinal))
            {
                (Dictionary<string, string>? target, string? mapped) = name switch
                {
                    _ when name.StartsWith(LdmCheckpointNaming.UNetPrefix, StringComparison.Ordinal) =>
                        (unet, LdmCheckpointNaming.UNet(name[LdmCheckpointNaming.UNetPrefix.Length..], layersPerBlock)),
                    _ when name.StartsWith(LdmCheckpointNaming.VaePrefix, StringComparison.Ordinal) =>
                        (vae, LdmCheckpointNaming.Vae(name[LdmCheckpointNaming.VaePrefix.Length..], vaeBlocks)),
                    _ when name.StartsWith(LdmCheckpointNaming.TextEncoderPrefix, StringComparison.Ordinal) =>
                        (text, LdmCheckpointNaming.TextEncoder(name[LdmCheckpointNaming.TextEncoderPrefix.Length..])),
                    _ when IgnoredPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) => (null, null),
                    _ => (null, name),
                };
                if (mapped is null && target is null)
                {
                    continue;
                }

                if (target is null || mapped is null || !target.TryAdd(mapped, name))
                {
                    unknown.Add(name);
                }
            }

            if (unet.Count == 0 || vae.Count == 0 || text.Count == 0)
            {
                string hint = source.Names.Any(n => n.StartsWith("cond_stage_model.model.", StringComparison.Ordinal))
                    ? " It looks like Stable Diffusion 2.x (OpenCLIP text encoder), which this engine does not build."
                    : string.Empty;
                throw new WeightFileException(
                    $"'{file}' is not a single-file Stable Diffusion 1.x checkpoint: it needs tensors under '{LdmCheckpointNaming.UNetPrefix}', '{LdmCheckpointNaming.VaePrefix}' and '{LdmCheckpointNaming.TextEncoderPrefix}' (found {unet.Count}, {vae.Count} and {text.Count}).{hint}");
            }

            if (unknown.Count > 0)
            {
                throw new WeightFileException(
                    $"'{file}' holds {unknown.Count} tensor(s) that have no place in a Stable Diffusion 1.x model: {WeightNames.List(unknown)}. It is another architecture (or a fine-tune with extra layers); use its diffusers folder instead.");
            }

            int users = 3;
            void Release()
            {
                if (Interlocked.Decrement(ref users) == 0)
                {
                    source.Dispose();
                }
            }

            return new ModelWeights
            {
                UNetConfigJson = unetConfig,
                VaeConfigJson = vaeConfig,
                TextEncoderConfigJson = Sd1Configs.TextEncoder,
                UNet = Renamed(source, unet, Release),
                Vae = Renamed(source, vae, Release),
                TextEncoder = Renamed(source, text, Release),
                SchedulerConfigJson = Sd1Configs.Scheduler,
                TokenizerFolder = TokenizerFolder(Path.Combine(Path.GetDirectoryName(file)!, "tokenizer")),
            };
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string> DiffusersVaeNames(string file, IWeightSource vae)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var twice = new List<string>();
        foreach (string name in vae.Names.Order(StringComparer.Ordinal))
        {
            if (!names.TryAdd(DiffusersNaming.Vae(name), name))
            {
                twice.Add(name);
            }
        }

        return twice.Count == 0
            ? names
            : throw new WeightFileException($"'{file}' holds the VAE attention under both its old and new names: {WeightNames.List(twice)}. Save the VAE again with one diffusers version.");
    }

    private static RenamedWeightSource Renamed(IWeightSource source, Dictionary<string, string> names, Action release) => new(source, names, release);

    private static IWeightSource Track(List<IWeightSource> opened, IWeightSource source)
    {
        opened.Add(source);
        return source;
    }

    private static string? TokenizerFolder(string folder) =>
        File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")) ? folder : null;
}
