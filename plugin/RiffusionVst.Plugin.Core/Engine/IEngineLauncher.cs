namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>Starts an engine process when none answers on the pipe; tests substitute their own.</summary>
public interface IEngineLauncher
{
    /// <summary>Tries to start an engine serving <paramref name="pipeName"/>; false with a reason when it cannot.</summary>
    bool TryLaunch(string pipeName, out string? error);
}
