using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;

namespace RiffusionVst.Plugin.Processing;

/// <summary>
/// Collects one block's automation points as the host reports them and hands them to the
/// processor in ascending sample order. Hosts deliver points parameter by parameter, so they
/// arrive interleaved; the processor needs them sorted. Storage is allocated once, so
/// <see cref="Add"/>, <see cref="Clear"/> and <see cref="Seal"/> are safe on the audio thread.
/// </summary>
internal sealed class ParameterChangeQueue
{
    /// <summary>Points kept per block before overflow handling starts; far more than hosts send.</summary>
    public const int DefaultCapacity = 1024;

    private readonly ParameterChange[] _changes;
    private readonly int _capacity;
    private readonly float[] _overflow = new float[ParameterCatalog.Count];
    private int _count;
    private bool _hasOverflow;

    /// <summary>Creates a queue holding up to <paramref name="capacity"/> points per block.</summary>
    public ParameterChangeQueue(int capacity = DefaultCapacity)
    {
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be at least one change.");
        _capacity = capacity;
        // The tail holds one slot per parameter for the last value of points that overflowed.
        _changes = new ParameterChange[capacity + ParameterCatalog.Count];
        _overflow.AsSpan().Fill(float.NaN);
    }

    /// <summary>Points queued in this block, overflow included once sealed.</summary>
    public int Count => _count;

    /// <summary>Forgets the previous block's points.</summary>
    public void Clear()
    {
        _count = 0;
        if (_hasOverflow)
        {
            _overflow.AsSpan().Fill(float.NaN);
            _hasOverflow = false;
        }
    }

    /// <summary>
    /// Queues a point. Negative offsets count as 0. When the queue is full the point's value is
    /// kept as that parameter's final value for the block, so automation never ends on a stale value.
    /// </summary>
    public void Add(int sampleOffset, ParameterId id, float normalizedValue)
    {
        if ((uint)id >= (uint)ParameterCatalog.Count)
            return;
        if (_count < _capacity)
        {
            _changes[_count++] = new ParameterChange(Math.Max(0, sampleOffset), id, normalizedValue);
            return;
        }
        _overflow[(int)id] = normalizedValue;
        _hasOverflow = true;
    }

    /// <summary>
    /// Sorts the points by sample offset (stable: points at the same offset keep their arrival
    /// order) and returns them; overflowed values come last, after every in-block point.
    /// </summary>
    public ReadOnlySpan<ParameterChange> Seal()
    {
        if (_hasOverflow)
        {
            for (int i = 0; i < _overflow.Length; i++)
            {
                if (!float.IsNaN(_overflow[i]))
                    _changes[_count++] = new ParameterChange(int.MaxValue, (ParameterId)i, _overflow[i]);
            }
            _overflow.AsSpan().Fill(float.NaN);
            _hasOverflow = false;
        }
        SortByOffset(_changes.AsSpan(0, _count));
        return _changes.AsSpan(0, _count);
    }

    // Insertion sort: stable, allocation-free, and linear for the nearly sorted input hosts give.
    private static void SortByOffset(Span<ParameterChange> changes)
    {
        for (int i = 1; i < changes.Length; i++)
        {
            ParameterChange item = changes[i];
            int j = i - 1;
            while (j >= 0 && changes[j].SampleOffset > item.SampleOffset)
            {
                changes[j + 1] = changes[j];
                j--;
            }
            changes[j + 1] = item;
        }
    }
}
