namespace RiffusionVst.Plugin.Core.Parameters;

/// <summary>Rhythm of the seed image that locks the generated loop to the beat; the numeric value is saved in state.</summary>
public enum SeedPattern
{
    /// <summary>Kick on every beat.</summary>
    FourOnTheFloor = 0,

    /// <summary>Hip-hop kick and snare.</summary>
    BoomBap = 1,

    /// <summary>Snare on beat three, a slow feel.</summary>
    HalfTime = 2,

    /// <summary>Syncopated breakbeat.</summary>
    Breakbeat = 3,

    /// <summary>Swung eighths.</summary>
    Shuffle = 4,

    /// <summary>No seed image: text-to-image from noise only.</summary>
    None = 5,
}
