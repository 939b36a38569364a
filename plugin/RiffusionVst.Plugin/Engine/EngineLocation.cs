using RiffusionVst.Plugin.Core.Engine;

namespace RiffusionVst.Plugin.Engine;

/// <summary>
/// Where the plugin looks for <c>riffusion-engine</c>: the <see cref="EnvironmentVariable"/> when
/// set, otherwise next to the plugin's assemblies (<see cref="ProcessEngineLauncher.DefaultEnginePath"/>).
/// </summary>
internal static class EngineLocation
{
    /// <summary>Names an engine executable elsewhere (e.g. a shared install used by several DAWs).</summary>
    public const string EnvironmentVariable = "RIFFUSION_VST_ENGINE";

    /// <summary>The engine path to use, reading the environment through <paramref name="getVariable"/>.</summary>
    public static string Resolve(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? configured = getVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(configured) ? ProcessEngineLauncher.DefaultEnginePath : configured.Trim().Trim('"');
    }
}
