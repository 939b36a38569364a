using RiffusionVst.Plugin.Core.Threading;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>
/// Records the next N bars of input, starting at a bar line, into a buffer allocated by the
/// requesting thread; the audio thread only copies samples and publishes the finished take,
/// which a background thread collects with <see cref="TryTakeCompleted"/>.
/// </summary>
public sealed class InputCapture
{
    /// <summary>Extra room in a capture buffer for a tempo that slows down before recording starts.</summary>
    private const double Headroom = 1.25;

    private readonly Mailbox<Take> _requested = new();
    private readonly Mailbox<Take> _completed = new();
    private Take? _active;

    /// <summary>Whether a capture is armed or recording.</summary>
    public bool IsBusy => _requested.Peek() is not null || _active is not null;

    /// <summary>
    /// Arms a capture of <paramref name="bars"/> bars, sized for the given tempo and rate. Call
    /// from a non-audio thread: it allocates. A new request replaces one not yet started.
    /// </summary>
    public void Request(int bars, int beatsPerBar, double bpm, double sampleRate)
    {
        long length = LoopTiming.LoopLength(bars, beatsPerBar, bpm, sampleRate);
        if (length <= 0)
            throw new ArgumentOutOfRangeException(nameof(bpm), $"Cannot size a capture of {bars} bars of {beatsPerBar} at {bpm} BPM and {sampleRate} Hz; tempo, rate and bars must be positive.");
        long capacity = (long)(length * Headroom);
        if (capacity > int.MaxValue / 2)
            throw new ArgumentOutOfRangeException(nameof(bars), $"A capture of {capacity} samples is too long; use fewer bars.");
        _requested.Post(new Take(bars, beatsPerBar, (int)capacity));
    }

    /// <summary>The finished take, if one is ready (each take is handed out once).</summary>
    public bool TryTakeCompleted(out CapturedAudio? audio)
    {
        audio = !_completed.TryTake(out Take? take) ? null : new CapturedAudio(
            take.Left.AsSpan(0, take.Recorded).ToArray(), take.Right.AsSpan(0, take.Recorded).ToArray(),
            take.Bars, take.BeatsPerBar, take.Bpm, take.SampleRate);
        return audio is not null;
    }

    /// <summary>Audio thread: feeds one stretch of input. Allocation-free; a jump or stop restarts the wait for a bar line.</summary>
    internal void Process(ReadOnlySpan<float> left, ReadOnlySpan<float> right, long firstGridSample, double bpm, double sampleRate, bool playing)
    {
        Take? take = _active;
        if (take is null)
        {
            if (!_requested.TryTake(out take))
                return;
            _active = take;
        }
        if (!playing)
        {
            take.Reset();
            return;
        }
        if (take.Recorded > 0 && firstGridSample != take.NextSample)
            take.Reset();

        int count = Math.Min(left.Length, right.Length);
        for (int i = 0; i < count; i++)
        {
            long s = firstGridSample + i;
            if (take.Recorded == 0)
            {
                long length = LoopTiming.LoopLength(take.Bars, take.BeatsPerBar, bpm, sampleRate);
                if (length <= 0 || !LoopTiming.IsBarStart(LoopTiming.Position(s, length), length, take.Bars))
                    continue;
                take.Target = (int)Math.Min(length, take.Left.Length);
                take.Bpm = bpm;
                take.SampleRate = sampleRate;
            }
            take.Left[take.Recorded] = left[i];
            take.Right[take.Recorded] = right[i];
            take.Recorded++;
            if (take.Recorded == take.Target)
            {
                // Building the result allocates, so the raw take is handed over and the collecting thread wraps it.
                _completed.Post(take);
                _active = null;
                return;
            }
        }
        take.NextSample = firstGridSample + count;
    }

    /// <summary>A preallocated recording in progress.</summary>
    private sealed class Take(int bars, int beatsPerBar, int capacity)
    {
        public readonly int Bars = bars;
        public readonly int BeatsPerBar = beatsPerBar;
        public readonly float[] Left = new float[capacity];
        public readonly float[] Right = new float[capacity];
        public int Recorded;
        public int Target;
        public long NextSample;
        public double Bpm;
        public double SampleRate;

        public void Reset() => Recorded = 0;
    }
}
