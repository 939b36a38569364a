namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>
/// The Riffusion web app's walk, made a pure function of the loop index so a bounce is repeatable:
/// each segment morphs in alpha steps of 0.25 over four loops from one endpoint to the next, and
/// every endpoint advances the seed by one, alternating prompts A and B (the end of one segment
/// is the start of the next, so the walk never jumps).
/// </summary>
public static class EvolveSchedule
{
    /// <summary>Loops per segment (alpha 0, 0.25, 0.5, 0.75).</summary>
    public const int StepsPerSegment = 4;

    /// <summary>Alpha played in loop <paramref name="loopIndex"/> of the project.</summary>
    public static float AlphaForLoop(long loopIndex)
    {
        long step = loopIndex % StepsPerSegment;
        if (step < 0)
            step += StepsPerSegment;
        return step * (1f / StepsPerSegment);
    }

    /// <summary>Segment (which pair of endpoints) loop <paramref name="loopIndex"/> belongs to.</summary>
    public static long SegmentForLoop(long loopIndex) =>
        loopIndex >= 0 ? loopIndex / StepsPerSegment : (loopIndex - StepsPerSegment + 1) / StepsPerSegment;

    /// <summary>Start and end of a segment: which slot (A or B) and which seed each end uses.</summary>
    public static EvolveSegment Segment(long segment, int promptSlotA, int promptSlotB, int seed)
    {
        bool even = segment % 2 == 0;
        return new EvolveSegment(
            even ? promptSlotA : promptSlotB, seed + segment,
            even ? promptSlotB : promptSlotA, seed + segment + 1);
    }
}
