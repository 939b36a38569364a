using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>
/// Builds the alpha grid the player plays from the engine's LoopReady frames (refusing a loop that breaks the length
/// contract), remembers each point's generation key and spectrogram image, and keeps the grid a project saves. It
/// decides nothing about what to ask for: the <see cref="GridRequester"/> says which point a frame fills.
/// </summary>
internal sealed class GridAssembler
{
    private string?[] _generationKeys = [];
    private byte[]?[] _pngs = [];
    private StoredGrid? _published;

    /// <summary>The grid being filled (and handed to the player after every loop), or null before the first.</summary>
    public AlphaGrid? Grid { get; private set; }

    /// <summary>Loops of the current request that have arrived.</summary>
    public int Arrived { get; private set; }

    /// <summary>Whether every point of the current request has arrived.</summary>
    public bool IsComplete => Grid is not null && Arrived == Grid.PointCount;

    /// <summary>The last complete grid with its images, or the one being restored.</summary>
    public StoredGrid? Stored { get; private set; }

    /// <summary>Whether <see cref="Stored"/> holds the images of the loops in <see cref="Grid"/>.</summary>
    public bool StoredIsCurrent { get; private set; }

    /// <summary>The grid in use with its images, for the project to save; safe to read from any thread.</summary>
    public StoredGrid? Published => Volatile.Read(ref _published);

    /// <summary>Shows <paramref name="grid"/> as the grid in use at once (a project being reopened); callable from any thread.</summary>
    public void Publish(StoredGrid grid) => Volatile.Write(ref _published, grid);

    /// <summary>
    /// Starts a rendered grid of <paramref name="points"/> for <paramref name="settings"/>. Same settings after a
    /// reconnect: the loops already here stay and are replaced one by one, so the player never falls back to a
    /// half-empty grid.
    /// </summary>
    public void StartRendered(int points, RenderSettings settings)
    {
        Arrived = 0;
        if (Grid is null || Grid.Key != settings.Key || Grid.PointCount != points)
        {
            Grid = new AlphaGrid(points, settings.Bars, settings.BeatsPerBar, settings.Key, settings.EvolveSegment);
            _generationKeys = new string?[points];
            _pngs = new byte[]?[points];
            StoredIsCurrent = false;
        }
    }

    /// <summary>Starts a grid restored from <paramref name="stored"/>'s images, which answers <paramref name="settings"/>.</summary>
    public void StartRestored(StoredGrid stored, RenderSettings settings)
    {
        StoredGridSettings s = stored.Settings;
        Arrived = 0;
        // After a reconnect the loops we have stay in the grid and are replaced one by one (the same samples).
        if (Grid is null || Grid.Key != settings.Key || Grid.PointCount != stored.PointCount)
        {
            Grid = new AlphaGrid(stored.PointCount, s.Bars, s.BeatsPerBar, settings.Key, s.EvolveSegment);
            _generationKeys = new string?[stored.PointCount];
        }
        _pngs = stored.Points.Select(p => (byte[]?)p.Png).ToArray();
        Stored = stored;
        StoredIsCurrent = true;
    }

    /// <summary>The grid point a frame for <paramref name="alpha"/> fills.</summary>
    public int IndexOf(float alpha) => Grid is null ? 0 : (int)Math.Round(Math.Clamp(alpha, 0f, 1f) * (Grid.PointCount - 1));

    /// <summary>The generation key of point <paramref name="index"/>'s loop (for a retime), or null where none came.</summary>
    public string? GenerationKey(int index) => (uint)index < (uint)_generationKeys.Length ? _generationKeys[index] : null;

    /// <summary>
    /// Puts <paramref name="ready"/>'s loop at point <paramref name="index"/>; <paramref name="ofRequest"/> counts it
    /// as an arrival of the current request (a retimed loop replaces one, it does not add one). Returns the new grid,
    /// or null with <paramref name="problem"/> where the frame cannot be played.
    /// </summary>
    public AlphaGrid? Accept(LoopReady ready, int index, bool ofRequest, out string? problem)
    {
        if (Grid is null)
        {
            problem = null;
            return null;
        }
        LoopBuffer? loop = BuildLoop(ready, Grid, out problem);
        if (loop is null)
            return null;
        Grid = Grid.With(index, loop);
        _generationKeys[index] = ready.GenerationKey;
        if (ready.Png is { Length: > 0 } png)
            _pngs[index] = png;
        if (ofRequest)
            Arrived++;
        return Grid;
    }

    /// <summary>
    /// A rendered grid is complete: with every point's image it becomes the grid a saved project keeps, under
    /// <paramref name="settings"/>.
    /// </summary>
    public void Store(StoredGridSettings settings)
    {
        if (Grid is not { } grid || _pngs.Length != grid.PointCount || !_pngs.All(p => p is not null))
            return;
        var points = _pngs.Select((png, i) => new StoredGridPoint(i, i / (float)(grid.PointCount - 1), png!)).ToArray();
        Stored = new StoredGrid(settings, grid.PointCount, points);
        StoredIsCurrent = true;
        Publish(Stored);
    }

    /// <summary>Turns a LoopReady into a loop buffer, refusing one that does not keep the length contract.</summary>
    internal static LoopBuffer? BuildLoop(LoopReady ready, AlphaGrid grid, out string? problem)
    {
        problem = null;
        if (ready.Pcm is not { Length: 1 or 2 } pcm || pcm[0] is null || pcm[0].Length == 0)
        {
            problem = "The engine sent a loop without audio.";
            return null;
        }
        if (ready.Bars != grid.Bars || ready.BeatsPerBar != grid.BeatsPerBar || !(ready.Bpm > 0) || ready.SampleRate <= 0)
        {
            problem = $"The engine sent a loop of {ready.Bars} bars of {ready.BeatsPerBar} at {ready.Bpm} BPM and {ready.SampleRate} Hz; expected {grid.Bars} bars of {grid.BeatsPerBar}.";
            return null;
        }
        long expected = ready.ExpectedLength();
        if (pcm[0].Length != expected || (pcm.Length == 2 && pcm[1]?.Length != expected))
        {
            problem = $"The engine sent a loop of {pcm[0].Length} samples where {expected} keep it on the bar; it was not played.";
            return null;
        }
        return new LoopBuffer(pcm[0], pcm.Length == 2 ? pcm[1] : [], ready.Bars, ready.BeatsPerBar, ready.Bpm, ready.SampleRate);
    }
}
