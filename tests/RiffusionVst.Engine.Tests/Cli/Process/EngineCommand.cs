using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace RiffusionVst.Engine.Tests.Cli.Process;

/// <summary>Runs the built <c>riffusion-engine</c> as a real process (the test output holds it beside the tests) and keeps what it wrote.</summary>
public static partial class EngineCommand
{
    /// <summary>How long any one command may take before the test gives up on it (a condition limit, not a timing assertion).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(600);

    public const int SigInt = 2;

    public const int SigTerm = 15;

    /// <summary>What a finished command left.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, TimeSpan Wall, TimeSpan? AfterSignal)
    {
        public string[] ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode} after {Wall.TotalMilliseconds:0} ms\n--- stderr\n{StandardError}--- stdout\n{StandardOutput}";
    }

    /// <summary>Runs <paramref name="args"/>; with <paramref name="signalWhen"/>, sends <paramref name="signal"/> once a standard-error line matches it.</summary>
    public static Result Run(string[] args, Func<string, bool>? signalWhen = null, int signal = SigInt, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            StandardErrorEncoding = Encoding.UTF8,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "riffusion-engine.dll"));
        foreach (string a in args)
            info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var clock = Stopwatch.StartNew();
        TimeSpan? signalledAt = null;
        using var process = new System.Diagnostics.Process { StartInfo = info };
        var gate = new Lock();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (gate) stdout.AppendLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (gate)
            {
                stderr.AppendLine(e.Data);
                if (signalWhen is not null && signalledAt is null && signalWhen(e.Data))
                {
                    signalledAt = clock.Elapsed;
                    _ = Kill(process.Id, signal);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = process.WaitForExit(Patience);
        clock.Stop(); // the command's own time: draining the streams below waits for the test host's threads
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"riffusion-engine {string.Join(' ', args)} did not finish within {Patience.TotalSeconds} s:\n{stderr}");
        }

        process.WaitForExit(); // drains the redirected streams
        lock (gate)
            return new Result(process.ExitCode, stdout.ToString(), stderr.ToString(), clock.Elapsed, signalledAt is { } at ? clock.Elapsed - at : null);
    }

    private static string DotnetHost()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == exe)
            return self;
        return exe;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
