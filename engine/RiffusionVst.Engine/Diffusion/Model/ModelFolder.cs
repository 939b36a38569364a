using Microsoft.ML.OnnxRuntime;
using RiffusionVst.Engine.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// An opened Riffusion ONNX model folder (optimum / diffusers layout): validated files, one session per graph
/// (created once), typed runners, and the paths of the tokenizer and scheduler files.
/// </summary>
public sealed class ModelFolder : IDisposable
{
    /// <summary>Tokens per prompt (CLIP's context length).</summary>
    public const int SequenceLength = 77;

    /// <summary>The model index file at the top of every export.</summary>
    public const string ModelIndexFile = "model_index.json";

    /// <summary>Text encoder graph, relative to the folder.</summary>
    public const string TextEncoderFile = "text_encoder/model.onnx";

    /// <summary>UNet graph, relative to the folder.</summary>
    public const string UNetFile = "unet/model.onnx";

    /// <summary>VAE encoder graph, relative to the folder.</summary>
    public const string VaeEncoderFile = "vae_encoder/model.onnx";

    /// <summary>VAE decoder graph, relative to the folder.</summary>
    public const string VaeDecoderFile = "vae_decoder/model.onnx";

    /// <summary>CLIP vocabulary, relative to the folder.</summary>
    public const string VocabularyFile = "tokenizer/vocab.json";

    /// <summary>CLIP merge rules, relative to the folder.</summary>
    public const string MergesFile = "tokenizer/merges.txt";

    /// <summary>Scheduler settings, relative to the folder.</summary>
    public const string SchedulerConfigFile = "scheduler/scheduler_config.json";

    private static readonly (string File, string What)[] RequiredFiles =
    [
        (ModelIndexFile, "the pipeline index"),
        (TextEncoderFile, "the CLIP text encoder graph"),
        (UNetFile, "the UNet graph"),
        (VaeEncoderFile, "the VAE encoder graph"),
        (VaeDecoderFile, "the VAE decoder graph"),
        (VocabularyFile, "the CLIP tokenizer vocabulary"),
        (MergesFile, "the CLIP tokenizer merge rules"),
        (SchedulerConfigFile, "the scheduler settings"),
    ];

    private ModelFolder(string path, ModelDescription description, TextEncoder textEncoder, UNet unet, VaeEncoder vaeEncoder, VaeDecoder vaeDecoder)
    {
        FolderPath = path;
        Description = description;
        TextEncoder = textEncoder;
        UNet = unet;
        VaeEncoder = vaeEncoder;
        VaeDecoder = vaeDecoder;
    }

    /// <summary>The folder (full path).</summary>
    public string FolderPath { get; }

    /// <summary>Files, signatures, conventions and the execution provider.</summary>
    public ModelDescription Description { get; }

    /// <summary>The text encoder runner.</summary>
    public TextEncoder TextEncoder { get; }

    /// <summary>The UNet runner.</summary>
    public UNet UNet { get; }

    /// <summary>The VAE encoder runner.</summary>
    public VaeEncoder VaeEncoder { get; }

    /// <summary>The VAE decoder runner.</summary>
    public VaeDecoder VaeDecoder { get; }

    /// <summary>Full path of tokenizer/vocab.json.</summary>
    public string VocabularyPath => Path.Combine(FolderPath, VocabularyFile);

    /// <summary>Full path of tokenizer/merges.txt.</summary>
    public string MergesPath => Path.Combine(FolderPath, MergesFile);

    /// <summary>Full path of scheduler/scheduler_config.json.</summary>
    public string SchedulerConfigPath => Path.Combine(FolderPath, SchedulerConfigFile);

    /// <summary>
    /// Checks the layout, loads the four graphs on <paramref name="device"/> (falling back to the CPU with a message
    /// in <see cref="ModelDescription.Provider"/>) and validates their inputs and outputs.
    /// </summary>
    /// <exception cref="ModelFolderException">The folder or one of its files is missing or does not match; the message names the file.</exception>
    public static ModelFolder Open(string path, ExecutionDevice device = ExecutionDevice.Cpu)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string folder = Path.GetFullPath(path);
        CheckLayout(folder);

        var (options, selection) = ExecutionProviders.Create(device);
        while (true)
        {
            var loaded = new List<OnnxComponent>();
            bool retry = false;
            try
            {
                foreach (string file in new[] { TextEncoderFile, UNetFile, VaeEncoderFile, VaeDecoderFile })
                {
                    // A session copies its options when it is created. The UNet and the VAE allocate tensor by tensor
                    // rather than as one planned block each, so their tensors share the arena's regions: at 512×512 the
                    // decoder's fit largely into what the UNet's steps freed (figures in SharedCpuArena); the UNet's
                    // step takes the same CPU time either way (16.0–16.7 against 16.0–17.5 CPU-s, loaded machine).
                    options.EnableMemoryPattern = file is TextEncoderFile;
                    if (file == UNetFile && selection.Device == ExecutionDevice.Cuda)
                    {
                        (OnnxComponent unet, string note) = LoadCudaGraphUNet(folder, options);
                        loaded.Add(unet);
                        selection = selection with { CudaGraphs = note };
                        continue;
                    }

                    loaded.Add(Load(folder, file, options, selection.Device));
                }

                return Build(folder, loaded, selection);
            }
            catch (OnnxRuntimeException e) when (selection.Device != ExecutionDevice.Cpu)
            {
                // The accelerator was listed but could not run these graphs: start again on the CPU.
                loaded.ForEach(c => c.Dispose());
                options.Dispose();
                retry = true;
                options = ExecutionProviders.CpuOptions();
                selection = ExecutionProviders.CpuSelection(device, $"{selection.Device} failed to load the model ({e.Message}); running on the CPU.");
            }
            catch
            {
                loaded.ForEach(c => c.Dispose());
                throw;
            }
            finally
            {
                if (!retry)
                {
                    options.Dispose();
                }
            }
        }
    }

    /// <summary>Releases every session.</summary>
    public void Dispose()
    {
        TextEncoder.Dispose();
        UNet.Dispose();
        VaeEncoder.Dispose();
        VaeDecoder.Dispose();
    }

    /// <summary>How many batch items go into one call: all of them for a dynamic batch, else the fixed size.</summary>
    internal static int BatchPerCall(int? fixedBatch, int batch, string file)
    {
        if (fixedBatch is null)
        {
            return batch;
        }

        if (batch % fixedBatch.Value != 0)
        {
            throw new ArgumentException($"{file} has a fixed batch of {fixedBatch} but was given {batch} items; give a multiple of {fixedBatch}.");
        }

        return fixedBatch.Value;
    }

    /// <summary>Throws a clear message when a caller's span has the wrong length.</summary>
    internal static void CheckLength(string argument, int actual, int expected, string shape)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {expected} values ({shape}) but got {actual}.", argument);
        }
    }

    private static void CheckLayout(string folder)
    {
        const string Expected = "a folder holding model_index.json, text_encoder/, unet/, vae_encoder/, vae_decoder/, tokenizer/ and scheduler/ "
            + "(an optimum or diffusers ONNX export of riffusion-model-v1; see models/README.md)";
        if (!Directory.Exists(folder))
        {
            throw new ModelFolderException(folder, $"Model folder '{folder}' does not exist. Expected {Expected}.");
        }

        var missing = RequiredFiles.Where(r => !File.Exists(Path.Combine(folder, r.File))).ToList();
        if (missing.Count == RequiredFiles.Length)
        {
            string[] found = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Take(8).ToArray()!;
            throw new ModelFolderException(
                folder,
                $"'{folder}' is not a model folder: none of its files were found (it contains {(found.Length == 0 ? "nothing" : string.Join(", ", found))}). Expected {Expected}.");
        }

        if (missing.Count > 0)
        {
            string list = string.Join("; ", missing.Select(m => $"{m.File} ({m.What})"));
            throw new ModelFolderException(
                Path.Combine(folder, missing[0].File),
                $"Model folder '{folder}' is incomplete: missing {list}. Expected {Expected}.");
        }
    }

    // CUDA graphs need every node on the CUDA provider and no control flow; a UNet that cannot have them runs without.
    private static (OnnxComponent UNet, string Note) LoadCudaGraphUNet(string folder, SessionOptions options)
    {
        string? problem = null;
        if (!CudaRuntime.IsAvailable)
        {
            problem = "the CUDA runtime library (libcudart / cudart64) was not found for the input copies";
        }
        else
        {
            try
            {
                using SessionOptions graphOptions = ExecutionProviders.CudaGraphOptions();
                return (Load(folder, UNetFile, graphOptions, ExecutionDevice.Cuda, cudaGraphs: true), $"the UNet replays one captured CUDA graph per latent shape (up to {Model.CudaGraphs.MaxGraphs})");
            }
            catch (OnnxRuntimeException e)
            {
                problem = e.Message.Trim();
            }
        }

        return (Load(folder, UNetFile, options, ExecutionDevice.Cuda), $"the UNet runs without CUDA graphs ({problem})");
    }

    private static OnnxComponent Load(string folder, string file, SessionOptions options, ExecutionDevice device, bool cudaGraphs = false)
    {
        string full = Path.Combine(folder, file);
        bool onCpu = device == ExecutionDevice.Cpu;
        InferenceSession session;
        try
        {
            session = new InferenceSession(full, options);
        }
        catch (OnnxRuntimeException e) when (onCpu)
        {
            throw new ModelFolderException(
                full,
                $"{file} could not be loaded by ONNX Runtime: {e.Message.Trim()} Expected a valid ONNX model (with its external weight file next to it, if it has one); re-export or re-download this file.",
                e);
        }

        string directory = Path.GetDirectoryName(full)!;
        long external = Directory.EnumerateFiles(directory)
            .Where(f => !string.Equals(Path.GetFileName(f), "model.onnx", StringComparison.Ordinal))
            .Sum(f => new FileInfo(f).Length);
        var description = new ModelComponentDescription(
            Path.GetFileName(directory),
            file,
            full,
            new FileInfo(full).Length,
            external,
            session.InputMetadata.Select(m => TensorDescription.From(m.Key, m.Value)).ToArray(),
            session.OutputMetadata.Select(m => TensorDescription.From(m.Key, m.Value)).ToArray());
        // Only the UNet runs many times in a row; the text encoder and the VAE run once a generation, and keeping their
        // activations (the VAE decoder's alone are about 1 GB at 512×512) would add them to the UNet's at every peak.
        return new OnnxComponent(session, description, onCpu, cudaGraphs, releasesArena: file != UNetFile);
    }

    private static ModelFolder Build(string folder, List<OnnxComponent> c, ExecutionProviderSelection selection)
    {
        ModelSignature signature = ModelSignature.Validate(c[0].Description, c[1].Description, c[2].Description, c[3].Description);
        var description = new ModelDescription
        {
            FolderPath = folder,
            Components = c.Select(x => x.Description).ToArray(),
            FloatType = signature.FloatType,
            TokenIdType = signature.TokenIdType,
            TimestepType = signature.TimestepType,
            TimestepRank = signature.TimestepRank,
            DynamicBatch = signature.DynamicBatch,
            VaeEncoderOutput = signature.VaeEncoderOutput,
            TextHiddenSize = signature.TextHiddenSize,
            Provider = selection,
            IsTinyModel = File.Exists(Path.Combine(folder, TinyModelGenerator.MarkerFileName)),
        };
        return new ModelFolder(
            folder,
            description,
            new TextEncoder(c[0], signature.TextHiddenSize),
            new UNet(c[1], signature.TextHiddenSize),
            new VaeEncoder(c[2], signature.VaeEncoderOutput),
            new VaeDecoder(c[3]));
    }
}
