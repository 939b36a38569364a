using RiffusionVst.Plugin.Core.Parameters;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>The engine's names for the seed patterns (its seed pattern catalog uses these keys).</summary>
public static class SeedPatternNames
{
    /// <summary>The wire name of a pattern.</summary>
    public static string For(SeedPattern pattern) => pattern switch
    {
        SeedPattern.FourOnTheFloor => "four-on-the-floor",
        SeedPattern.BoomBap => "boom-bap",
        SeedPattern.HalfTime => "half-time",
        SeedPattern.Breakbeat => "breakbeat",
        SeedPattern.Shuffle => "shuffle",
        _ => "none",
    };
}
