using System.Globalization;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>
/// <c>riffusion-engine model install</c>: puts a ready ONNX model folder where the engine looks, in steps:
/// 1. lock the target (a second install waits its turn by failing clearly);
/// 2. list the hub revision and choose the files (safetensors first, else <c>.bin</c>) — or take <c>--from</c>;
/// 3. check the free disk space for what is left to fetch plus the graphs;
/// 4. download with resume and sha256 checks into <c>&lt;target&gt;.install/download</c>;
/// 5. read the weights and build the graphs into <c>&lt;target&gt;.install/model</c>;
/// 6. run the model check on that folder;
/// 7. rename it into place. The engine only ever sees the target folder, which appears whole by one rename,
/// so nothing half-built is loaded; a failed build leaves the target as it was (downloads are kept for a rerun).
/// </summary>
public sealed class ModelInstaller
{
    // Beyond the files themselves: room for the ONNX protobuf framing and the tokenizer.
    private const double OutputMargin = 1.05;
    private const long FixedMargin = 64L << 20;

    // The ONNX graphs of an SD 1.x model in fp32 hold about 4.3 GB; a single-file checkpoint may hold EMA copies beyond that.
    private const long LargestSd1Output = 4_600_000_000;

    private readonly ModelInstallOptions _options;
    private readonly HttpClient _http;

    /// <summary>An installer; <paramref name="http"/> is used for every request (one is made when null).</summary>
    public ModelInstaller(ModelInstallOptions options, HttpClient? http = null)
    {
        _options = options;
        _http = http ?? new HttpClient { Timeout = options.ReadTimeout };
    }

    /// <summary>The work folder of an install into <paramref name="target"/> (beside it, so the final rename stays on one disk).</summary>
    public static string WorkFolderFor(string target) => Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar) + ".install";

    /// <summary>Runs the whole install; throws <see cref="ModelInstallException"/> (or a weights/model error) saying what to do.</summary>
    public async Task<ModelInstallResult> InstallAsync(CancellationToken cancellation = default)
    {
        string target = Path.GetFullPath(_options.Target).TrimEnd(Path.DirectorySeparatorChar);
        using InstallLock held = InstallLock.Acquire(target);
        string work = WorkFolderFor(target);
        string downloads = Path.Combine(work, "download");
        string built = Path.Combine(work, "model");
        DeleteFolder(built);

        long downloaded = 0;
        string source;
        if (_options.FromPath is { } from)
        {
            source = Path.GetFullPath(from);
            if (!File.Exists(source) && !Directory.Exists(source))
            {
                throw new ModelInstallException($"'{source}' does not exist: --from takes a diffusers model folder or a single .ckpt/.safetensors file.");
            }

            CheckDisk(work, 0, OutputBytes(WeightBytes(source)));
        }
        else
        {
            downloaded = await DownloadAsync(downloads, cancellation).ConfigureAwait(false);
            source = downloads;
        }

        BuildInto(source, built, cancellation);

        Step("Checking the model");
        ModelCheckReport check;
        try
        {
            check = ModelCheckReport.Check(built);
        }
        catch
        {
            DeleteFolder(built);
            throw;
        }

        MoveIntoPlace(built, target);
        DeleteFolder(work);
        Step($"Installed into {target}");
        return new ModelInstallResult(target, downloaded, check);
    }

    private async Task<long> DownloadAsync(string downloads, CancellationToken cancellation)
    {
        var hub = new HubClient(_http, _options.Endpoint);
        Step($"Listing {_options.Repository} at {_options.Revision} on {hub.Endpoint.GetLeftPart(UriPartial.Authority)}");
        IReadOnlyList<HubFile> listing = await hub.ListAsync(_options.Repository, _options.Revision, cancellation).ConfigureAwait(false);
        IReadOnlyList<HubFile> files = ModelFileSelection.Select(listing, _options.Repository, _options.Revision);

        long toFetch = files.Where(f => !IsVerified(f, downloads)).Sum(f => Math.Max(0, f.Size - PartLength(f, downloads)));
        long weights = files.Where(f => IsWeights(f.Path)).Sum(f => Math.Max(0, f.Size));
        CheckDisk(Path.GetDirectoryName(downloads)!, toFetch, OutputBytes(weights));
        Step(string.Create(CultureInfo.InvariantCulture, $"Downloading {files.Count} files ({toFetch / 1e6:0.0} MB to fetch)"));

        var downloader = new FileDownloader(_http, _options.Time, _options.ReadTimeout);
        long transferred = 0;
        foreach (HubFile file in files)
        {
            string destination = Path.Combine(downloads, file.Path.Replace('/', Path.DirectorySeparatorChar));
            if (IsVerified(file, downloads))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Delete(VerifiedMarker(destination));
            transferred += await downloader.DownloadAsync(file, hub.ResolveUri(_options.Repository, _options.Revision, file.Path), destination, _options.DownloadProgress, cancellation)
                .ConfigureAwait(false);
            await File.WriteAllTextAsync(VerifiedMarker(destination), Identity(file), cancellation).ConfigureAwait(false);
        }

        Step("Every file matches the hub's size and hash");
        return transferred;
    }

    private void BuildInto(string source, string built, CancellationToken cancellation)
    {
        Step($"Reading the weights in {source}");
        using ModelWeights weights = ModelWeightsReader.Open(source);
        if (weights.TokenizerFolder is null)
        {
            string where = File.Exists(source) ? "a 'tokenizer' folder beside it" : "its 'tokenizer' folder";
            throw new ModelInstallException(
                $"'{source}' carries no CLIP tokenizer: put vocab.json and merges.txt (from the model's tokenizer/ folder on the hub) into {where}, then run the install again.");
        }

        Step($"Building the graphs ({(_options.Graphs.Precision == ModelPrecision.Float16 ? "fp16" : "fp32")})");
        try
        {
            _options.Build(weights, built, _options.Graphs, cancellation);
            CopyIfMissing(Path.Combine(weights.TokenizerFolder, "vocab.json"), Path.Combine(built, ModelFolder.VocabularyFile));
            CopyIfMissing(Path.Combine(weights.TokenizerFolder, "merges.txt"), Path.Combine(built, ModelFolder.MergesFile));
            string scheduler = Path.Combine(built, ModelFolder.SchedulerConfigFile);
            if (!File.Exists(scheduler))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(scheduler)!);
                File.WriteAllText(scheduler, weights.SchedulerConfigJson ?? Sd1Configs.Scheduler);
            }
        }
        catch (NotSupportedException e)
        {
            DeleteFolder(built);
            string weightsState = _options.FromPath is null
                ? $"The downloaded weights are verified and kept in '{source}' for the next run"
                : $"The weights in '{source}' were read";
            throw new ModelInstallException($"the graphs cannot be built: {e.Message}. {weightsState}, but nothing was installed.", e);
        }
        catch
        {
            DeleteFolder(built);
            throw;
        }
    }

    private void CheckDisk(string folder, long download, long output)
    {
        string existing = folder;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        long needed = download + output;
        long free = _options.AvailableBytes(existing);
        if (free < needed)
        {
            throw new ModelInstallException(string.Create(CultureInfo.InvariantCulture,
                $"not enough free disk space in '{existing}': the install needs {needed / 1e9:0.00} GB ({download / 1e9:0.00} GB to download, {output / 1e9:0.00} GB of graphs), but only {free / 1e9:0.00} GB are free. Free some space, or install elsewhere with --to DIR (and point RIFFUSION_MODEL at it)."));
        }
    }

    private long OutputBytes(long weightBytes)
    {
        double perWeightByte = _options.Graphs.Precision == ModelPrecision.Float16 ? 0.5 : 1.0;
        return (long)(Math.Min(weightBytes, LargestSd1Output) * perWeightByte * OutputMargin) + FixedMargin;
    }

    private static long WeightBytes(string source) => File.Exists(source)
        ? new FileInfo(source).Length
        : new[] { "unet", "vae", "text_encoder" }
            .Select(c => ModelWeightsReader.FindComponentWeights(Path.Combine(source, c)))
            .Sum(f => f is null ? 0 : new FileInfo(f).Length);

    private static void MoveIntoPlace(string built, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (!Directory.Exists(target))
        {
            Directory.Move(built, target);
            return;
        }

        // Two renames: an engine starting in between finds no model and says so; it never finds a mix of two.
        string old = $"{target}.old-{Guid.NewGuid():N}";
        try
        {
            Directory.Move(target, old);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelInstallException(
                $"the model installed in '{target}' cannot be replaced ({e.Message}); an engine or plugin probably has it open: close them (or stop 'riffusion-engine serve') and run the install again.", e);
        }

        Directory.Move(built, target);
        try
        {
            Directory.Delete(old, recursive: true);
        }
        catch (IOException)
        {
            // An engine still has the old files open (Windows): they go with the next install.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsWeights(string path) => ModelWeightsReader.ComponentWeightFiles.Contains(Path.GetFileName(path));

    private static bool IsVerified(HubFile file, string downloads)
    {
        string destination = Path.Combine(downloads, file.Path.Replace('/', Path.DirectorySeparatorChar));
        string marker = VerifiedMarker(destination);
        return File.Exists(destination) && File.Exists(marker) && File.ReadAllText(marker) == Identity(file);
    }

    private static long PartLength(HubFile file, string downloads)
    {
        string part = Path.Combine(downloads, file.Path.Replace('/', Path.DirectorySeparatorChar)) + ".part";
        return File.Exists(part) ? new FileInfo(part).Length : 0;
    }

    private static string VerifiedMarker(string destination) => destination + ".verified";

    private static string Identity(HubFile file) => $"{file.Size} {file.Sha256 ?? file.GitBlobId ?? "-"}";

    private static void CopyIfMissing(string from, string to)
    {
        if (!File.Exists(to))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void Step(string line) => _options.Steps?.Report(line);
}
