namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>A snapshot of the engine client's state, replaced as a whole so readers on any thread see a consistent one.</summary>
/// <param name="State">The connection state.</param>
/// <param name="Text">A sentence for the musician (e.g. "Rendering 3/9").</param>
/// <param name="Rendered">Loops of the current grid that have arrived.</param>
/// <param name="Total">Loops the current grid will have.</param>
public sealed record EngineStatus(EngineState State, string Text, int Rendered = 0, int Total = 0);
