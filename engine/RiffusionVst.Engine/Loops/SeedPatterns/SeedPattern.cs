namespace RiffusionVst.Engine.Loops.SeedPatterns;

/// <summary>A named one-bar drum pattern in 4/4 that seeds img2img so the generated loop keeps the host's beat.</summary>
public sealed record SeedPattern(string Name, string Description, IReadOnlyList<DrumHit> Hits)
{
    /// <summary>Hits that fall inside a bar of <paramref name="beatsPerBar"/> beats (longer bars repeat the pattern).</summary>
    public IEnumerable<DrumHit> HitsForBar(int beatsPerBar)
    {
        for (int start = 0; start < beatsPerBar; start += 4)
        {
            foreach (var hit in Hits)
            {
                double beat = start + hit.Beat;
                if (beat < beatsPerBar)
                {
                    yield return hit with { Beat = beat };
                }
            }
        }
    }
}
