namespace RiffusionVst.Protocol.Messages;

/// <summary>The seed pattern names of the whole system (<see cref="RenderRequest.SeedPattern"/>, the plugin's parameter, the CLI).</summary>
/// <remarks>
/// Every name but <see cref="None"/> is a drum pattern the engine synthesises on the native grid and uses as the
/// img2img seed, which locks the beat. <see cref="None"/> has one meaning everywhere: no seed image, so diffusion
/// is text-to-image from noise and the prompt alone decides the music (the tempo is then not locked; an engine
/// without diffusion plays silence for it).
/// </remarks>
public static class SeedPatternNames
{
    /// <summary>Kick on every beat.</summary>
    public const string FourOnTheFloor = "four-on-the-floor";

    /// <summary>Hip-hop kick and snare.</summary>
    public const string BoomBap = "boom-bap";

    /// <summary>Snare on beat three: a slow, heavy feel.</summary>
    public const string HalfTime = "half-time";

    /// <summary>A syncopated break.</summary>
    public const string Breakbeat = "breakbeat";

    /// <summary>Swung eighths.</summary>
    public const string Shuffle = "shuffle";

    /// <summary>No seed image: text-to-image from noise.</summary>
    public const string None = "none";

    /// <summary>The pattern used when a client names none (and sends no seed audio).</summary>
    public const string Default = FourOnTheFloor;

    /// <summary>The drum patterns, in the order a user sees them.</summary>
    public static IReadOnlyList<string> Drums { get; } = [FourOnTheFloor, BoomBap, HalfTime, Breakbeat, Shuffle];

    /// <summary>Every name: the drum patterns, then <see cref="None"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Drums, None];

    /// <summary>The listed spelling of <paramref name="name"/> (case and surrounding blanks ignored), or null when it is not a seed pattern.</summary>
    public static string? Find(string? name) => Vocabulary.Find(All, name);

    /// <summary>Whether <paramref name="name"/> means no seed image.</summary>
    public static bool IsNone(string? name) => Find(name) == None;
}
