using System.Text;
using RiffusionVst.Plugin.Acceptance.Tests.Engine;
using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Playback;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>The plugin's own <see cref="ProcessEngineLauncher"/> starts the real engine, and its loops play on the bar.</summary>
public sealed class PluginLauncherTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_plugins_own_launcher_starts_the_real_engine_and_its_loop_plays_on_the_bar()
    {
        // The launcher keeps no process handle, so the engine is found again by its unique pipe name in /proc to end
        // it; that needs Linux (where CI runs). Elsewhere the other scenarios cover the engine through a test launcher.
        if (!OperatingSystem.IsLinux())
            return;

        string pipe = "acc-" + Guid.NewGuid().ToString("N")[..24];
        string folder = Path.Combine(Path.GetTempPath(), "riffusion-acceptance-" + pipe);
        Directory.CreateDirectory(folder);
        var launcher = new ProcessEngineLauncher(EngineLocation.DotnetHost,
            $"\"{EngineLocation.EngineAssembly}\" serve --pipe {ProcessEngineLauncher.PipePlaceholder} " +
            $"--clips \"{Path.Combine(folder, "clips")}\" --cache \"{Path.Combine(folder, "cache")}\"");
        var plugin = new PluginInstance(pipe, launcher);
        try
        {
            var song = new Song(plugin, 120, () => "(the plugin's launcher does not capture the engine's log)");
            plugin.Start();
            LoopPlayer player = plugin.Processor.Player;
            await song.PlayUntilAsync(() => Stage.WholeGridPlays(player), "the grid from the engine the plugin started");
            song.Play(Stage.Loop120);

            Assert.Equal(EngineState.Connected, plugin.Client.Status.State);
            Assert.Single(EnginesServing(pipe));
            long bar = song.Swaps[^1].BarLineInBlock(Stage.Bar120) ?? throw new Xunit.Sdk.XunitException("the last grid came in off the bar");
            LoopBuffer a = player.Playing![0]!;
            Assert.Equal(Stage.Loop120, a.Length);
            Stage.AssertOutput(song, bar + Stage.Crossfade, song.Position,
                p => (a.LeftSamples[(int)(p % Stage.Loop120)], a.RightSamples[(int)(p % Stage.Loop120)]), 0f, "the loop on the bar");
        }
        finally
        {
            await plugin.DisposeAsync();
            foreach (int pid in EnginesServing(pipe))
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
                output.WriteLine($"ended engine process {pid}");
            }
            EngineProcess.DeletePipeFiles(pipe);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Processes whose command line names this test's pipe (unique per run), read from /proc.</summary>
    private static List<int> EnginesServing(string pipe)
    {
        var found = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                string commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
                if (commandLine.Contains("riffusion-engine", StringComparison.Ordinal) && commandLine.Contains(" --pipe " + pipe + " ", StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }
}
