using System.Diagnostics;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>Starts the <c>riffusion-engine</c> executable as a child process, telling it the pipe name.</summary>
public sealed class ProcessEngineLauncher : IEngineLauncher
{
    /// <summary>Placeholder in <see cref="Arguments"/> replaced by the pipe name.</summary>
    public const string PipePlaceholder = "{pipe}";

    /// <summary>Uses <paramref name="enginePath"/> (default <see cref="DefaultEnginePath"/>) and <paramref name="arguments"/>.</summary>
    public ProcessEngineLauncher(string? enginePath = null, string arguments = "serve --pipe " + PipePlaceholder)
    {
        EnginePath = string.IsNullOrWhiteSpace(enginePath) ? DefaultEnginePath : enginePath;
        Arguments = arguments ?? throw new ArgumentNullException(nameof(arguments));
    }

    /// <summary>The executable started.</summary>
    public string EnginePath { get; }

    /// <summary>Command-line arguments; <see cref="PipePlaceholder"/> becomes the pipe name.</summary>
    public string Arguments { get; }

    /// <summary><c>riffusion-engine</c> (<c>.exe</c> on Windows) in the folder of the plugin assembly.</summary>
    public static string DefaultEnginePath
    {
        get
        {
            string folder = Path.GetDirectoryName(typeof(ProcessEngineLauncher).Assembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory;
            return Path.Combine(folder, OperatingSystem.IsWindows() ? "riffusion-engine.exe" : "riffusion-engine");
        }
    }

    /// <inheritdoc/>
    public bool TryLaunch(string pipeName, out string? error)
    {
        if (!File.Exists(EnginePath))
        {
            error = $"Engine not found at '{EnginePath}'. Install riffusion-engine next to the plugin or set the engine path in the plugin settings.";
            return false;
        }
        try
        {
            var info = new ProcessStartInfo(EnginePath, Arguments.Replace(PipePlaceholder, pipeName, StringComparison.Ordinal))
            {
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            // The engine also resolves the pipe from this variable, whatever its arguments.
            info.Environment[PipeNames.EnvironmentVariable] = pipeName;
            using var process = Process.Start(info);
            error = process is null ? $"The system did not start '{EnginePath}'." : null;
            return process is not null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            error = $"Could not start the engine '{EnginePath}': {e.Message}";
            return false;
        }
    }
}
