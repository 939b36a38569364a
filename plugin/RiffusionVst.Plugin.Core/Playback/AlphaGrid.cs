namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>
/// The loops rendered for one prompt pair at evenly spaced alpha values (0, 1/(n−1), … 1).
/// Immutable: adding a loop makes a new grid, which the engine client hands to the player.
/// </summary>
public sealed class AlphaGrid
{
    /// <summary>Grid points used by default: 0, 0.125, … 1.</summary>
    public const int DefaultPointCount = 9;

    private readonly LoopBuffer?[] _loops;

    /// <summary>An empty grid for loops of the given shape.</summary>
    /// <param name="pointCount">Number of alpha values, at least 2.</param>
    /// <param name="bars">Bars every loop of the grid spans.</param>
    /// <param name="beatsPerBar">Beats per bar of every loop.</param>
    /// <param name="key">Who asked for it: the engine client's description of prompts and seeds.</param>
    /// <param name="evolveSegment">The evolve segment the grid was rendered for, or null outside evolve mode.</param>
    public AlphaGrid(int pointCount, int bars, int beatsPerBar, string key = "", long? evolveSegment = null)
    {
        if (pointCount < 2)
            throw new ArgumentOutOfRangeException(nameof(pointCount), pointCount, "An alpha grid needs at least 2 points (alpha 0 and 1).");
        if (bars <= 0 || beatsPerBar <= 0)
            throw new ArgumentOutOfRangeException(nameof(bars), $"Bars ({bars}) and beats per bar ({beatsPerBar}) must be positive.");
        ArgumentNullException.ThrowIfNull(key);
        _loops = new LoopBuffer?[pointCount];
        Resolved = new LoopBuffer?[pointCount];
        Bars = bars;
        BeatsPerBar = beatsPerBar;
        Key = key;
        EvolveSegment = evolveSegment;
    }

    private AlphaGrid(AlphaGrid source, int index, LoopBuffer loop)
    {
        _loops = (LoopBuffer?[])source._loops.Clone();
        _loops[index] = loop;
        Bars = source.Bars;
        BeatsPerBar = source.BeatsPerBar;
        Key = source.Key;
        EvolveSegment = source.EvolveSegment;
        Resolved = ResolveNearest(_loops);
    }

    /// <summary>Number of alpha values.</summary>
    public int PointCount => _loops.Length;

    /// <summary>Bars every loop spans.</summary>
    public int Bars { get; }

    /// <summary>Beats per bar of every loop.</summary>
    public int BeatsPerBar { get; }

    /// <summary>Identifies the prompt pair and settings the grid belongs to.</summary>
    public string Key { get; }

    /// <summary>
    /// The evolve segment this grid morphs through, or null. While the next segment's grid is not
    /// here yet the player holds this grid's end (alpha 1), which is where the next segment starts.
    /// </summary>
    public long? EvolveSegment { get; }

    /// <summary>Number of grid points that hold a loop.</summary>
    public int PresentCount => _loops.Count(l => l is not null);

    /// <summary>For each point the loop to play: its own, else the nearest present one (ties go to lower alpha).</summary>
    internal LoopBuffer?[] Resolved { get; }

    /// <summary>The loop rendered for point <paramref name="index"/>, or null.</summary>
    public LoopBuffer? this[int index] => _loops[CheckIndex(index)];

    /// <summary>The alpha value of a grid point.</summary>
    public double AlphaAt(int index) => CheckIndex(index) / (double)(PointCount - 1);

    /// <summary>A new grid with <paramref name="loop"/> at point <paramref name="index"/>.</summary>
    public AlphaGrid With(int index, LoopBuffer loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        if (loop.Bars != Bars || loop.BeatsPerBar != BeatsPerBar)
            throw new ArgumentException(
                $"Loop is {loop.Bars} bars of {loop.BeatsPerBar} beats but the grid holds {Bars} bars of {BeatsPerBar}; start a new grid for a new loop shape.",
                nameof(loop));
        return new AlphaGrid(this, CheckIndex(index), loop);
    }

    /// <summary>Grid point indices ordered by distance from <paramref name="alpha"/>, nearest first (what to render first).</summary>
    public static int[] RenderOrder(int pointCount, double alpha)
    {
        if (pointCount < 2)
            throw new ArgumentOutOfRangeException(nameof(pointCount), pointCount, "An alpha grid needs at least 2 points.");
        double x = Math.Clamp(double.IsNaN(alpha) ? 0 : alpha, 0, 1) * (pointCount - 1);
        return Enumerable.Range(0, pointCount).OrderBy(i => Math.Abs(i - x)).ThenBy(i => i).ToArray();
    }

    private static LoopBuffer?[] ResolveNearest(LoopBuffer?[] loops)
    {
        var resolved = new LoopBuffer?[loops.Length];
        for (int i = 0; i < loops.Length; i++)
        {
            for (int d = 0; d < loops.Length && resolved[i] is null; d++)
            {
                if (i - d >= 0 && loops[i - d] is { } lower)
                    resolved[i] = lower;
                else if (i + d < loops.Length && loops[i + d] is { } upper)
                    resolved[i] = upper;
            }
        }
        return resolved;
    }

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)_loops.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Grid point must be 0–{_loops.Length - 1}.");
        return index;
    }
}
