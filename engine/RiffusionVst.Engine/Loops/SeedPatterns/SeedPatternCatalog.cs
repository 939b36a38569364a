using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Loops.SeedPatterns;

/// <summary>The seed patterns the engine can synthesise, by the protocol's names (<see cref="SeedPatternNames"/>).</summary>
public static class SeedPatternCatalog
{
    private const DrumVoice K = DrumVoice.Kick;
    private const DrumVoice S = DrumVoice.Snare;
    private const DrumVoice C = DrumVoice.ClosedHat;
    private const DrumVoice O = DrumVoice.OpenHat;

    /// <summary>Every pattern, in the order a user sees them.</summary>
    public static IReadOnlyList<SeedPattern> All { get; } =
    [
        new(SeedPatternNames.FourOnTheFloor, "Kick on every beat, snare on 2 and 4, open hats on the off-beats (house, techno).",
            [.. Steps(K, 0, 4, 8, 12), .. Steps(S, 4, 12), .. Steps(O, 2, 6, 10, 14), .. Steps(C, 0.5f, 1, 3, 5, 7, 9, 11, 13, 15)]),
        new(SeedPatternNames.BoomBap, "Hip-hop: kick on 1 and the 'and' of 2 and 3, snare on 2 and 4, straight eighth hats.",
            [.. Steps(K, 0, 7, 10), .. Steps(S, 4, 12), .. Steps(C, 0.7f, 0, 2, 4, 6, 8, 10, 12, 14)]),
        new(SeedPatternNames.HalfTime, "Kick on 1, snare on 3, eighth hats: a slow, heavy feel at the same tempo.",
            [.. Steps(K, 0, 3, 11), .. Steps(S, 8), .. Steps(C, 0.7f, 0, 2, 4, 6, 8, 10, 12, 14)]),
        new(SeedPatternNames.Breakbeat, "A syncopated break: kicks on 1, the 'and' of 1 and 3; ghosted and backbeat snares.",
            [.. Steps(K, 0, 2, 10, 11), .. Steps(S, 4, 12), .. Steps(S, 0.5f, 7, 9, 15), .. Steps(C, 0.7f, 0, 2, 4, 6, 8, 10, 12, 14)]),
        new(SeedPatternNames.Shuffle, "Swung eighths (triplet feel): kick on 1 and 3, snare on 2 and 4.",
            [.. Steps(K, 0, 8), .. Steps(S, 4, 12), .. Swung(C, 0.7f)]),
        new(SeedPatternNames.None, "No seed image: text-to-image from noise, so the prompt alone decides the music (its own sound is silence).", []),
    ];

    /// <summary>The names, for help texts and error messages.</summary>
    public static IEnumerable<string> Names => All.Select(p => p.Name);

    /// <summary>Finds a pattern by name (case-insensitive); throws with the list of valid names otherwise.</summary>
    public static SeedPattern Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? known = SeedPatternNames.Find(name);
        return All.FirstOrDefault(p => p.Name == known)
            ?? throw new ArgumentException($"Unknown seed pattern '{name}'. Choose one of: {string.Join(", ", Names)}.", nameof(name));
    }

    private static IEnumerable<DrumHit> Steps(DrumVoice voice, params int[] sixteenths) => Steps(voice, 1f, sixteenths);

    private static IEnumerable<DrumHit> Steps(DrumVoice voice, float velocity, params int[] sixteenths) =>
        sixteenths.Select(s => new DrumHit(s / 4.0, voice, velocity));

    private static IEnumerable<DrumHit> Swung(DrumVoice voice, float velocity)
    {
        for (int beat = 0; beat < 4; beat++)
        {
            yield return new DrumHit(beat, voice, velocity);
            yield return new DrumHit(beat + (2.0 / 3.0), voice, velocity * 0.8f);
        }
    }
}
