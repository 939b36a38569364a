using System.Runtime.InteropServices;
using RiffusionVst.Engine.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// Finds the model: an explicit path, else RIFFUSION_MODEL, else the per-user models folder; when none of these
/// exists, generates the tiny model into a per-user cache once (again if that copy is incomplete).
/// </summary>
public sealed class ModelLocator
{
    /// <summary>The environment variable that names a model folder.</summary>
    public const string EnvironmentVariable = "RIFFUSION_MODEL";

    /// <summary>The message shown when the tiny model stands in for a real one.</summary>
    public const string TinyModelMessage =
        "no real model installed — using the tiny generated model (audio will be noise-like); see models/README.md";

    private const string ModelName = "riffusion-model-v1";

    private readonly Func<string, string?> _getEnvironment;
    private readonly string _userModelFolder;
    private readonly string _tinyModelFolder;

    /// <summary>A locator using this machine's environment and per-user folders.</summary>
    public ModelLocator()
        : this(Environment.GetEnvironmentVariable, DefaultUserModelFolder(), DefaultTinyModelFolder())
    {
    }

    /// <summary>A locator with its environment and folders supplied (for tests and embedding).</summary>
    public ModelLocator(Func<string, string?> getEnvironment, string userModelFolder, string tinyModelFolder)
    {
        _getEnvironment = getEnvironment;
        _userModelFolder = userModelFolder;
        _tinyModelFolder = tinyModelFolder;
    }

    /// <summary>
    /// The per-user folder for the real model: ~/.local/share/RiffusionVst/models/riffusion-model-v1 on Linux,
    /// %LOCALAPPDATA%\RiffusionVst\models\… on Windows, ~/Library/Application Support/RiffusionVst/models/… on macOS.
    /// </summary>
    public static string DefaultUserModelFolder()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? Path.Combine(home, "Library", "Application Support")
                : Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".local", "share");
        return Path.Combine(root, "RiffusionVst", "models", ModelName);
    }

    /// <summary>The per-user cache folder for the tiny generated model.</summary>
    public static string DefaultTinyModelFolder()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "RiffusionVst", "cache")
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? Path.Combine(home, "Library", "Caches", "RiffusionVst")
                : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".cache"), "RiffusionVst");
        return Path.Combine(root, "tiny-model");
    }

    /// <summary>
    /// Chooses the model folder. An explicit path or RIFFUSION_MODEL that does not exist is an error (a typo must
    /// not silently give noise); only when neither is given does the tiny model stand in.
    /// </summary>
    /// <exception cref="ModelFolderException">The explicit path or the environment variable names a folder that does not exist.</exception>
    public ModelLocation Locate(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Existing(explicitPath, ModelSource.Explicit, "--model");
        }

        string? fromEnvironment = _getEnvironment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Existing(fromEnvironment, ModelSource.Environment, $"the {EnvironmentVariable} environment variable");
        }

        if (File.Exists(Path.Combine(_userModelFolder, ModelFolder.ModelIndexFile)))
        {
            return new ModelLocation(Path.GetFullPath(_userModelFolder), ModelSource.UserFolder, null);
        }

        if (!TinyModelGenerator.IsComplete(_tinyModelFolder))
        {
            GenerateTinyModel();
        }

        return new ModelLocation(Path.GetFullPath(_tinyModelFolder), ModelSource.TinyGenerated, TinyModelMessage);
    }

    private void GenerateTinyModel()
    {
        // Generate beside the target and move it into place, so a crash or a second engine never sees half a model.
        string staging = $"{_tinyModelFolder}.partial-{Guid.NewGuid():N}";
        TinyModelGenerator.Write(staging);
        if (TinyModelGenerator.IsComplete(_tinyModelFolder))
        {
            // Another engine finished while we wrote ours; it may already be loading that copy, so keep it.
            Directory.Delete(staging, recursive: true);
            return;
        }

        if (Directory.Exists(_tinyModelFolder))
        {
            Directory.Delete(_tinyModelFolder, recursive: true);
        }

        try
        {
            Directory.Move(staging, _tinyModelFolder);
        }
        catch (IOException) when (TinyModelGenerator.IsComplete(_tinyModelFolder))
        {
            // Another process finished first; its copy is as good as ours.
            Directory.Delete(staging, recursive: true);
        }
    }

    private static ModelLocation Existing(string path, ModelSource source, string origin)
    {
        string full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new ModelFolderException(
                full,
                $"The model folder given by {origin} does not exist: '{full}'. Expected a folder holding model_index.json and the ONNX export of riffusion-model-v1; see models/README.md.");
        }

        return new ModelLocation(full, source, null);
    }
}
