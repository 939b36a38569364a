namespace RiffusionVst.Plugin.Core.Transport;

/// <summary>
/// The musical position for hosts that give only tempo and project sample (no PPQ). Beats are
/// integrated over the samples played with the tempo taken per block, so a tempo change keeps the
/// beat position continuous and the loop stays on the host's bar lines. The tempo segments seen
/// (start sample, start beat, BPM) are kept in preallocated arrays to place transport jumps; before
/// the first segment or past the last the nearest one is extrapolated. Allocation-free after
/// construction; for the audio thread only.
/// </summary>
internal sealed class MusicalClock
{
    /// <summary>Tempo segments kept by default; tempo ramps add one per block, the oldest go first.</summary>
    public const int DefaultCapacity = 1024;

    private readonly long[] _startSample;
    private readonly double[] _startBeat;
    private readonly double[] _bpm;
    private int _count;
    private bool _continuing;
    private long _nextSample;
    private double _sampleRate;

    /// <summary>A clock that remembers up to <paramref name="capacity"/> tempo segments.</summary>
    public MusicalClock(int capacity = DefaultCapacity)
    {
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The clock needs room for at least one tempo segment.");
        _startSample = new long[capacity];
        _startBeat = new double[capacity];
        _bpm = new double[capacity];
    }

    /// <summary>Number of tempo segments remembered.</summary>
    public int SegmentCount => _count;

    /// <summary>Forgets every segment: the next block starts a constant tempo from sample 0 again.</summary>
    public void Reset()
    {
        _count = 0;
        _continuing = false;
    }

    /// <summary>Beat position at a project sample from the segments seen (NaN when none).</summary>
    public double BeatAt(long projectSample)
    {
        if (_count == 0 || !(_sampleRate > 0))
            return double.NaN;
        return BeatIn(Math.Max(Find(projectSample), 0), projectSample);
    }

    /// <summary>
    /// The grid sample (see <see cref="TransportInfo.GridSample"/>) of a block's first sample: the
    /// beat position in samples at the block's tempo. While playing, a tempo change met in
    /// uninterrupted playback starts a new segment there; a tempo at a jump or restart that
    /// disagrees with what was seen there means the tempo map changed, so the clock starts over
    /// with a constant tempo from sample 0 (the plain project-sample behaviour).
    /// </summary>
    /// <param name="projectSample">Project position of the block's first sample.</param>
    /// <param name="frames">Samples in the block.</param>
    /// <param name="bpm">Host tempo for the block.</param>
    /// <param name="sampleRate">Host sample rate.</param>
    /// <param name="playing">Whether the transport runs; a stopped block records nothing.</param>
    public long GridSample(long projectSample, int frames, double bpm, double sampleRate, bool playing)
    {
        bool continuous = _continuing && projectSample == _nextSample;
        _continuing = playing;
        _nextSample = projectSample + frames;
        if (!(bpm > 0) || !(sampleRate > 0) || double.IsInfinity(bpm) || double.IsInfinity(sampleRate))
        {
            _continuing = false;
            return projectSample;
        }
        if (sampleRate != _sampleRate)
        {
            // Segment beats were counted in another rate's samples.
            _count = 0;
            _sampleRate = sampleRate;
        }

        int found = Find(projectSample);
        int nearest = Math.Max(found, 0);
        if (_count > 0 && _bpm[nearest] == bpm)
            return GridIn(nearest, projectSample);
        if (!playing)
            return projectSample;

        if (continuous && _count > 0)
            Record(found, projectSample, BeatIn(nearest, projectSample), bpm);
        else
        {
            _count = 0;
            Record(-1, 0, 0.0, bpm);
        }
        return GridIn(Math.Max(Find(projectSample), 0), projectSample);
    }

    /// <summary>Index of the last segment starting at or before the sample; −1 when none does.</summary>
    private int Find(long projectSample)
    {
        int lo = 0, hi = _count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_startSample[mid] <= projectSample)
            {
                found = mid;
                lo = mid + 1;
            }
            else
                hi = mid - 1;
        }
        return found;
    }

    private double BeatIn(int segment, long projectSample) =>
        _startBeat[segment] + (projectSample - _startSample[segment]) * _bpm[segment] / 60.0 / _sampleRate;

    /// <summary>Grid sample inside a segment: its start beat in samples at its tempo, then one per sample (no drift).</summary>
    private long GridIn(int segment, long projectSample)
    {
        double startGrid = _startBeat[segment] * 60.0 / _bpm[segment] * _sampleRate;
        return (long)Math.Round(startGrid, MidpointRounding.AwayFromZero) + (projectSample - _startSample[segment]);
    }

    /// <summary>Adds a segment after <paramref name="after"/>; later ones are history that no longer holds.</summary>
    private void Record(int after, long startSample, double startBeat, double bpm)
    {
        int at = after >= 0 && _startSample[after] == startSample ? after : after + 1;
        if (at == _startSample.Length)
        {
            Array.Copy(_startSample, 1, _startSample, 0, at - 1);
            Array.Copy(_startBeat, 1, _startBeat, 0, at - 1);
            Array.Copy(_bpm, 1, _bpm, 0, at - 1);
            at--;
        }
        _startSample[at] = startSample;
        _startBeat[at] = startBeat;
        _bpm[at] = bpm;
        _count = at + 1;
    }
}
