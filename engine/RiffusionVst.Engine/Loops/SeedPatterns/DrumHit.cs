namespace RiffusionVst.Engine.Loops.SeedPatterns;

/// <summary>One drum hit in a pattern: where in the bar (in beats), which sound, how loud.</summary>
public readonly record struct DrumHit(double Beat, DrumVoice Voice, float Velocity = 1f);
