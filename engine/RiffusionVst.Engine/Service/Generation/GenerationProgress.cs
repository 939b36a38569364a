using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Generation;

/// <summary>Called by a generator as it advances: the stage, steps done in it, and steps in all (0 when unknown).</summary>
public delegate void GenerationProgress(ProgressStage stage, int step, int total);
