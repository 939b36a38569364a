using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Plugin.Acceptance.Tests.Engine;

/// <summary>
/// The real engine as a separate process (<c>dotnet riffusion-engine.dll serve --pipe NAME --clips … --cache …</c>) on a
/// pipe name of its own, started the way <see cref="ProcessEngineLauncher"/> starts it (same arguments, same
/// environment variable) but keeping the process handle and its log, so a test can kill it, read what the engine
/// did and be sure it is gone at the end. Hand it to the plugin's <see cref="EngineClient"/> as its launcher.
/// </summary>
internal sealed partial class EngineProcess : IEngineLauncher, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Process> _processes = [];
    private readonly List<string> _log = [];
    private readonly string[] _extraArguments;

    /// <summary>Makes temporary clip and cache folders and a unique pipe name; starts nothing yet.</summary>
    public EngineProcess(params string[] extraArguments)
    {
        _extraArguments = extraArguments;
        // Pipe names are at most 40 characters; 'acc-' and 24 hex digits are unique enough for parallel runs.
        PipeName = "acc-" + Guid.NewGuid().ToString("N")[..24];
        Folder = Path.Combine(Path.GetTempPath(), "riffusion-acceptance-" + PipeName);
        ClipsFolder = Path.Combine(Folder, "clips");
        CacheFolder = Path.Combine(Folder, "cache");
        Directory.CreateDirectory(ClipsFolder);
        Directory.CreateDirectory(CacheFolder);
    }

    /// <summary>The pipe this engine serves.</summary>
    public string PipeName { get; }

    /// <summary>Temporary folder holding clips and cache; deleted on dispose.</summary>
    public string Folder { get; }

    /// <summary>Where the engine writes clip files.</summary>
    public string ClipsFolder { get; }

    /// <summary>Where the engine caches spectrogram images (shared by restarts, as on a real machine).</summary>
    public string CacheFolder { get; }

    /// <summary>Asked at every launch for what the plugin showed then (the client calls the launcher right after it saw no engine).</summary>
    public Func<EngineStatus>? StatusProbe { get; set; }

    /// <summary>The status the plugin showed at each launch, when <see cref="StatusProbe"/> is set.</summary>
    public List<EngineStatus> StatusAtLaunch { get; } = [];

    /// <summary>Times an engine process was started.</summary>
    public int LaunchCount
    {
        get
        {
            lock (_gate)
                return _processes.Count;
        }
    }

    /// <summary>Whether the most recently started engine process is still running.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
                return _processes.Count > 0 && !_processes[^1].HasExited;
        }
    }

    /// <summary>Everything all started engines wrote to standard error and output so far.</summary>
    public string LogText
    {
        get
        {
            lock (_gate)
                return string.Join(Environment.NewLine, _log);
        }
    }

    /// <summary>Number of log lines containing <paramref name="fragment"/> (across restarts).</summary>
    public int CountLog(string fragment)
    {
        lock (_gate)
            return _log.Count(line => line.Contains(fragment, StringComparison.Ordinal));
    }

    /// <summary>Generator runs so far: the scheduler logs one "image KEY (alpha …) made in …" line per run (cache hits and retimes log none).</summary>
    public int GeneratorRuns
    {
        get
        {
            lock (_gate)
                return _log.Count(line => ImageLine.IsMatch(line));
        }
    }

    private static readonly Regex ImageLine = new(@"\simage [0-9a-f]{8} \(alpha [^)]*\) made in ");

    /// <summary>Retimes the engine accepted ("retime … (no diffusion)").</summary>
    public int Retimes => CountLog(": retime ");

    /// <summary>Render requests the engine accepted ("… request N: 'prompt' …, alpha …").</summary>
    public int RenderRequests
    {
        get
        {
            lock (_gate)
                return _log.Count(line => RequestLine.IsMatch(line));
        }
    }

    private static readonly Regex RequestLine = new(@": request \d+: '");

    private static readonly Regex CountersLine = new(@"stopped; diffusion runs (\d+) .*cache hits (\d+), loops delivered (\d+)");

    /// <summary>
    /// Stops the running engine the way a user's system does (SIGTERM), waits for it to finish, and returns the counters
    /// of its own last words ("stopped; diffusion runs N …"); null on Windows, which has no SIGTERM to send.
    /// </summary>
    public EngineCounters? StopAndReadCounters()
    {
        if (OperatingSystem.IsWindows())
            return null;
        Process process;
        lock (_gate)
            process = _processes[^1];
        Assert.Equal(0, SendSignal(process.Id, 15 /* SIGTERM on Linux and macOS */));
        Assert.True(process.WaitForExit(30_000), "the engine did not stop within 30 s of SIGTERM");
        process.WaitForExit(); // and its log is read to the end
        lock (_gate)
        {
            Match match = _log.Select(line => CountersLine.Match(line)).LastOrDefault(m => m.Success)
                ?? throw new InvalidOperationException("The engine stopped without logging its counters:" + Environment.NewLine + string.Join(Environment.NewLine, _log));
            return new EngineCounters(long.Parse(match.Groups[1].Value), long.Parse(match.Groups[2].Value), long.Parse(match.Groups[3].Value));
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    /// <inheritdoc/>
    public bool TryLaunch(string pipeName, out string? error)
    {
        if (pipeName != PipeName)
        {
            error = $"This test engine serves '{PipeName}', not '{pipeName}'.";
            return false;
        }
        var info = new ProcessStartInfo(EngineLocation.DotnetHost)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.ArgumentList.Add(EngineLocation.EngineAssembly);
        foreach (string argument in (string[])["serve", "--pipe", pipeName, "--clips", ClipsFolder, "--cache", CacheFolder, .. _extraArguments])
            info.ArgumentList.Add(argument);
        info.Environment[PipeNames.EnvironmentVariable] = pipeName;
        if (StatusProbe is { } probe)
        {
            lock (_gate)
                StatusAtLaunch.Add(probe());
        }
        try
        {
            var process = new Process { StartInfo = info };
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            lock (_gate)
                _processes.Add(process);
            error = null;
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            error = $"Could not start the engine with '{info.FileName}': {e.Message}";
            return false;
        }
    }

    /// <summary>Kills the running engine process at once (no shutdown of its own) and waits until it is gone.</summary>
    public void Kill()
    {
        Process process;
        lock (_gate)
        {
            if (_processes.Count == 0)
                throw new InvalidOperationException("No engine was started, so there is none to kill.");
            process = _processes[^1];
        }
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Append("[test] engine process killed");
    }

    /// <summary>Kills every engine this object started and deletes its temporary folder.</summary>
    public void Dispose()
    {
        Process[] processes;
        lock (_gate)
            processes = [.. _processes];
        foreach (Process process in processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }

        DeletePipeFiles(PipeName);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A clip still open by a dying process; the temp folder is cleaned by the system later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes the socket file and lock file a killed engine on <paramref name="pipeName"/> could not remove (a test's pipe name is never used again).</summary>
    public static void DeletePipeFiles(string pipeName)
    {
        if (PipeNames.SocketFilePath(pipeName) is { } socket)
            DeleteQuietly(socket);
        DeleteQuietly(PipeNames.LockFilePath(pipeName));
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still held by a dying process; the system cleans its temp folder later.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
            _log.Add(line);
    }
}

/// <summary>What the engine counted over its life, from the line it logs when it stops.</summary>
/// <param name="DiffusionRuns">Times the image generator ran (cache hits and retimes do not count).</param>
/// <param name="CacheHits">Loops whose image came from the cache.</param>
/// <param name="LoopsDelivered">LoopReady messages sent (retimes included).</param>
internal sealed record EngineCounters(long DiffusionRuns, long CacheHits, long LoopsDelivered);
