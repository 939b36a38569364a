namespace RiffusionVst.Plugin.Core.State;

/// <summary>
/// The grid in use, as a project keeps it: every point's spectrogram image with the settings that made it. Any
/// engine turns it back into the same loops at any tempo with no diffusion (and no model), so a reopened or
/// bounced project sounds as it did. Immutable.
/// </summary>
public sealed class StoredGrid
{
    /// <summary>A complete grid: one point per index 0 … <paramref name="pointCount"/> − 1.</summary>
    public StoredGrid(StoredGridSettings settings, int pointCount, IReadOnlyList<StoredGridPoint> points)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(points);
        if (pointCount < 2)
            throw new ArgumentOutOfRangeException(nameof(pointCount), pointCount, "A stored grid needs at least 2 points (alpha 0 and 1).");
        if (points.Count != pointCount || points.Select(p => p.Index).Order().Where((index, i) => index != i).Any())
            throw new ArgumentException($"A stored grid of {pointCount} points needs exactly one image for each index 0–{pointCount - 1}.", nameof(points));
        Settings = settings;
        PointCount = pointCount;
        Points = [.. points.OrderBy(p => p.Index)];
    }

    /// <summary>What made the images.</summary>
    public StoredGridSettings Settings { get; }

    /// <summary>Number of grid points.</summary>
    public int PointCount { get; }

    /// <summary>The points, by index.</summary>
    public IReadOnlyList<StoredGridPoint> Points { get; }

    /// <summary>Total bytes of the images.</summary>
    public long ImageBytes => Points.Sum(p => (long)p.Png.Length);

    /// <summary>Image columns a loop of this grid has: 64 a beat (Riffusion's native grid, 256 a bar of 4/4).</summary>
    public int Columns => Settings.Bars * Settings.BeatsPerBar * NativeColumnsPerBeat;

    /// <summary>Image rows: one per mel band.</summary>
    public const int Rows = 512;

    /// <summary>Columns per beat on the model's native grid (2 bars of 4/4 at 93.75 BPM in 512 columns).</summary>
    public const int NativeColumnsPerBeat = 64;
}
