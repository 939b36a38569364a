using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>
/// Audio-thread cursor over one grid: tracks the loop position incrementally (no division per
/// sample) and caches the two loops around alpha, so the inner loop is two reads and a mix.
/// </summary>
internal struct GridVoice
{
    public AlphaGrid? Grid;
    public long Length;
    public long Position;
    public long LoopIndex;
    private LoopBuffer? _a;
    private LoopBuffer? _b;
    private float _frac;
    private float _alpha;

    /// <summary>Points the cursor at <paramref name="grid"/> for grid sample <paramref name="gridSample"/>.</summary>
    public void Start(AlphaGrid? grid, double bpm, double sampleRate, long gridSample, float alpha)
    {
        Grid = grid;
        Length = grid is null ? 0 : LoopTiming.LoopLength(grid.Bars, grid.BeatsPerBar, bpm, sampleRate);
        LoopIndex = LoopTiming.LoopIndex(gridSample, Length);
        Position = Length > 0 ? gridSample - LoopIndex * Length : 0;
        _alpha = float.NaN;
        Select(alpha);
    }

    /// <summary>Whether there is anything to read.</summary>
    public readonly bool IsActive => Grid is not null && Length > 0;

    /// <summary>Whether the current sample is the first of a bar of this grid's loop.</summary>
    public readonly bool AtBarStart => Grid is not null && LoopTiming.IsBarStart(Position, Length, Grid.Bars);

    /// <summary>Chooses the grid loops around <paramref name="alpha"/>; cheap when alpha did not change.</summary>
    public void Select(float alpha)
    {
        if (alpha == _alpha || Grid is null)
            return;
        _alpha = alpha;
        LoopBuffer?[] resolved = Grid.Resolved;
        int last = resolved.Length - 1;
        float x = alpha * last;
        int i0 = (int)x;
        if (i0 >= last)
        {
            _a = resolved[last];
            _b = _a;
            _frac = 0f;
            return;
        }
        _frac = x - i0;
        _a = resolved[i0];
        _b = _frac > 0f ? resolved[i0 + 1] : _a;
        if (_b is null || ReferenceEquals(_a, _b))
        {
            _b = _a;
            _frac = 0f;
        }
    }

    /// <summary>Whether this voice reads exactly what <paramref name="other"/> reads now: the same buffers, weight and position.</summary>
    public readonly bool ReadsSameAs(in GridVoice other) =>
        ReferenceEquals(_a, other._a) && ReferenceEquals(_b, other._b) && _frac == other._frac
        && Position == other.Position && Length == other.Length;

    /// <summary>The mixed sample at the current position: (1 − f)·a + f·b.</summary>
    public readonly void Read(out float left, out float right)
    {
        LoopBuffer? a = _a;
        if (a is null || Length <= 0)
        {
            left = 0f;
            right = 0f;
            return;
        }
        a.Read(Position, Length, out float al, out float ar);
        if (ReferenceEquals(a, _b))
        {
            left = al;
            right = ar;
            return;
        }
        _b!.Read(Position, Length, out float bl, out float br);
        float f = _frac;
        left = (1f - f) * al + f * bl;
        right = (1f - f) * ar + f * br;
    }

    /// <summary>Moves to the next sample; true when the loop wrapped to a new repetition.</summary>
    public bool Advance()
    {
        if (++Position < Length)
            return false;
        Position = 0;
        LoopIndex++;
        return true;
    }
}
