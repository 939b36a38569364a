namespace RiffusionVst.Plugin.Core.State;

/// <summary>The outcome of reading saved state: always a usable state, plus a warning when something was wrong.</summary>
/// <param name="State">The state to apply; defaults where the saved data was missing or unreadable.</param>
/// <param name="Warning">What was wrong, for the plugin's status line; null when all was fine.</param>
public sealed record StateLoadResult(PluginState State, string? Warning);
