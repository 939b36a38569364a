using RiffusionVst.Plugin.Core.Parameters;
using WireNames = RiffusionVst.Protocol.Messages.SeedPatternNames;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>The protocol's name (<see cref="WireNames"/>) for each choice of the plugin's seed pattern parameter.</summary>
public static class SeedPatternNames
{
    /// <summary>The wire name of a pattern; <see cref="SeedPattern.None"/> is <see cref="WireNames.None"/> (text-to-image from noise).</summary>
    public static string For(SeedPattern pattern) => pattern switch
    {
        SeedPattern.FourOnTheFloor => WireNames.FourOnTheFloor,
        SeedPattern.BoomBap => WireNames.BoomBap,
        SeedPattern.HalfTime => WireNames.HalfTime,
        SeedPattern.Breakbeat => WireNames.Breakbeat,
        SeedPattern.Shuffle => WireNames.Shuffle,
        _ => WireNames.None,
    };
}
