namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>
/// Everything that decides what a grid sounds like; a change means a new grid. Tempo and sample
/// rate are not part of it when the engine can retime (they only stretch the same generation).
/// </summary>
internal sealed record RenderSettings(
    string TextA, long SeedA, string TextB, long SeedB,
    float Denoising, float Guidance, int Bars, int BeatsPerBar,
    string? SeedPatternName, int SeedAudioVersion, int RegenerateCount,
    double Bpm, int SampleRate, long? EvolveSegment)
{
    /// <summary>A readable key for the grid, for logs and tests.</summary>
    public string Key => $"{TextA}#{SeedA} → {TextB}#{SeedB} d{Denoising} g{Guidance} {Bars}x{BeatsPerBar} {SeedPatternName ?? "audio" + SeedAudioVersion} r{RegenerateCount}{(EvolveSegment is { } seg ? " evolve" + seg : "")}";
}
