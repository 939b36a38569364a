using System.Reflection;

namespace RiffusionVst.Plugin.Acceptance.Tests.Engine;

/// <summary>Where the built engine and the dotnet host are, so the tests start the engine as a separate process.</summary>
internal static class EngineLocation
{
    /// <summary>Full path of riffusion-engine.dll, written into this assembly at build time (see the project file).</summary>
    public static string EngineAssembly
    {
        get
        {
            string? path = typeof(EngineLocation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "RiffusionEngineAssembly")?.Value;
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
                throw new InvalidOperationException(
                    $"The engine was not found at '{path}'. Build the test project (it builds engine/RiffusionVst.Engine.Cli too) before running it.");
            return path;
        }
    }

    /// <summary>The dotnet host that runs framework-dependent apps: the SDK's, the one running the tests, or the one on PATH.</summary>
    public static string DotnetHost
    {
        get
        {
            string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
                return host;
            if (Environment.ProcessPath is { } self && Path.GetFileName(self) == exe)
                return self;
            if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, exe)))
                return Path.Combine(root, exe);
            return exe;
        }
    }
}
