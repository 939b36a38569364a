namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>The two endpoints of one evolve segment.</summary>
/// <param name="StartSlot">Prompt slot at alpha 0.</param>
/// <param name="StartSeed">Seed at alpha 0.</param>
/// <param name="EndSlot">Prompt slot at alpha 1.</param>
/// <param name="EndSeed">Seed at alpha 1.</param>
public readonly record struct EvolveSegment(int StartSlot, long StartSeed, int EndSlot, long EndSeed);
