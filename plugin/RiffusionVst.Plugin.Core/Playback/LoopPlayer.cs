using RiffusionVst.Plugin.Core.Threading;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>
/// Plays the current alpha grid locked to the host's bar grid. The engine client hands in new
/// grids with <see cref="Submit"/> from any thread; the audio thread swaps a new grid in at the
/// next bar line with an equal-power crossfade (where both grids play the very same loops, the
/// audio passes through unchanged). <see cref="Render"/> allocates nothing, takes no
/// lock and throws nothing by design.
/// </summary>
public sealed class LoopPlayer
{
    /// <summary>Default crossfade when a new grid comes in, in seconds.</summary>
    public const double DefaultCrossfadeSeconds = 0.010;

    // Latest wins: the audio thread peeks at the newest grid and swaps when it is not the one it plays.
    private readonly Mailbox<AlphaGrid> _pending = new();
    private AlphaGrid? _playing;
    private AlphaGrid? _current;
    private AlphaGrid? _fadingOut;
    private float[] _fadeIn = [];
    private float[] _fadeOut = [];
    private int _fadePosition;
    private long _swapCount;
    private long _loopIndex;

    /// <summary>Sample rate given to <see cref="Prepare"/>.</summary>
    public double SampleRate { get; private set; }

    /// <summary>Crossfade length in samples.</summary>
    public int CrossfadeLength => _fadeIn.Length;

    /// <summary>The grid the audio thread plays now (null: silence); for status displays and tests.</summary>
    public AlphaGrid? Playing => Volatile.Read(ref _playing);

    /// <summary>The grid last handed in, which the audio thread will swap to at the next bar line.</summary>
    public AlphaGrid? Pending => _pending.Peek();

    /// <summary>Number of grid swaps the audio thread has made.</summary>
    public long SwapCount => Interlocked.Read(ref _swapCount);

    /// <summary>Loop repetition (project position ÷ loop length) the audio thread last played; evolve mode follows it.</summary>
    public long LoopIndex => Interlocked.Read(ref _loopIndex);

    /// <summary>Sets the sample rate and builds the crossfade tables. Not real-time safe; never call while <see cref="Render"/> runs.</summary>
    public void Prepare(double sampleRate, double crossfadeSeconds = DefaultCrossfadeSeconds)
    {
        if (!(sampleRate > 0) || double.IsInfinity(sampleRate))
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be a positive number of samples per second.");
        if (!(crossfadeSeconds >= 0) || crossfadeSeconds > 1)
            throw new ArgumentOutOfRangeException(nameof(crossfadeSeconds), crossfadeSeconds, "Crossfade must be between 0 and 1 second.");
        int n = Math.Max(1, (int)Math.Round(crossfadeSeconds * sampleRate));
        var fadeIn = new float[n];
        var fadeOut = new float[n];
        for (int k = 0; k < n; k++)
        {
            // Midpoint sampling: the fade never sits exactly at 0 or 1, and sin² + cos² = 1 keeps the power steady.
            double t = (k + 0.5) / n * Math.PI / 2;
            fadeIn[k] = (float)Math.Sin(t);
            fadeOut[k] = (float)Math.Cos(t);
        }
        _fadeIn = fadeIn;
        _fadeOut = fadeOut;
        _fadingOut = null;
        SampleRate = sampleRate;
    }

    /// <summary>Hands a new grid to the audio thread (null fades to silence). Lock-free; callable from any thread.</summary>
    public void Submit(AlphaGrid? grid) => _pending.Post(grid);

    /// <summary>
    /// Writes the loop signal for one stretch of samples (same length in both spans).
    /// </summary>
    /// <param name="left">Receives the left channel.</param>
    /// <param name="right">Receives the right channel.</param>
    /// <param name="firstGridSample">Grid position (see <see cref="TransportInfo.GridSample"/>) of the first sample.</param>
    /// <param name="bpm">Host tempo.</param>
    /// <param name="playing">Whether the host transport runs; when stopped the output is silent and swaps happen at once.</param>
    /// <param name="alpha">Morph position 0–1 for the whole stretch.</param>
    /// <param name="evolve">Whether alpha follows <see cref="EvolveSchedule"/> instead.</param>
    public void Render(Span<float> left, Span<float> right, long firstGridSample, double bpm, bool playing, float alpha, bool evolve)
    {
        int count = Math.Min(left.Length, right.Length);
        AlphaGrid? pending = _pending.Peek();
        double rate = SampleRate;
        if (!playing || !(bpm > 0) || !(rate > 0))
        {
            if (!ReferenceEquals(pending, _current))
                SwapTo(pending, fade: false);
            _fadingOut = null;
            left[..count].Clear();
            right[..count].Clear();
            return;
        }

        alpha = float.IsNaN(alpha) ? 0f : Math.Clamp(alpha, 0f, 1f);
        var current = new GridVoice();
        current.Start(_current, bpm, rate, firstGridSample, alpha);
        if (evolve)
            current.Select(EvolveAlpha(current.Grid, current.LoopIndex));
        var fading = new GridVoice();
        fading.Start(_fadingOut, bpm, rate, firstGridSample, alpha);
        if (evolve)
            fading.Select(EvolveAlpha(fading.Grid, fading.LoopIndex));
        bool swapWaiting = !ReferenceEquals(pending, _current);
        var incoming = new GridVoice();
        if (swapWaiting)
        {
            incoming.Start(pending, bpm, rate, firstGridSample, alpha);
            if (evolve)
                incoming.Select(EvolveAlpha(incoming.Grid, incoming.LoopIndex));
        }
        float[] fadeIn = _fadeIn, fadeOut = _fadeOut;

        for (int i = 0; i < count; i++)
        {
            if (swapWaiting)
            {
                // The bar grid of whatever plays now decides the bar line; with nothing playing, the newcomer's.
                bool barLine = current.IsActive ? current.AtBarStart : !incoming.IsActive || incoming.AtBarStart;
                if (barLine)
                {
                    SwapTo(pending, fade: true);
                    fading = current;
                    current = incoming;
                    swapWaiting = false;
                }
            }

            current.Read(out float l, out float r);
            if (_fadingOut is not null)
            {
                // Equal power suits different (uncorrelated) audio; the very same audio in both grids
                // would come out at (sin + cos)·a, up to +3 dB, so it passes through unchanged instead.
                if (!current.ReadsSameAs(fading))
                {
                    fading.Read(out float fl, out float fr);
                    int k = _fadePosition;
                    float gIn = fadeIn[k], gOut = fadeOut[k];
                    l = l * gIn + fl * gOut;
                    r = r * gIn + fr * gOut;
                }
                if (++_fadePosition >= fadeIn.Length)
                    _fadingOut = null;
                if (fading.Advance() && evolve)
                    fading.Select(EvolveAlpha(fading.Grid, fading.LoopIndex));
            }
            left[i] = l;
            right[i] = r;

            if (current.Advance() && evolve)
                current.Select(EvolveAlpha(current.Grid, current.LoopIndex));
            if (swapWaiting && incoming.Advance() && evolve)
                incoming.Select(EvolveAlpha(incoming.Grid, incoming.LoopIndex));
        }

        if (current.IsActive)
            Interlocked.Exchange(ref _loopIndex, current.LoopIndex - (current.Position == 0 ? 1 : 0));
    }

    /// <summary>Evolve alpha for a loop; a grid made for an earlier (later) segment holds its end (start).</summary>
    private static float EvolveAlpha(AlphaGrid? grid, long loopIndex)
    {
        if (grid?.EvolveSegment is long gridSegment)
        {
            long segment = EvolveSchedule.SegmentForLoop(loopIndex);
            if (segment > gridSegment)
                return 1f;
            if (segment < gridSegment)
                return 0f;
        }
        return EvolveSchedule.AlphaForLoop(loopIndex);
    }

    private void SwapTo(AlphaGrid? next, bool fade)
    {
        _fadingOut = fade && _current is not null && _fadeIn.Length > 0 ? _current : null;
        _fadePosition = 0;
        _current = next;
        Volatile.Write(ref _playing, next);
        Interlocked.Increment(ref _swapCount);
        if (fade && _current is not null && _fadingOut is null && _fadeIn.Length > 0)
        {
            // From silence: fade the newcomer in against nothing so the first sample cannot click.
            _fadingOut = EmptyGrid;
        }
    }

    private static readonly AlphaGrid EmptyGrid = new(2, 1, 1, "silence");
}
