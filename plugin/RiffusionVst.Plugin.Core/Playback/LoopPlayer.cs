using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>
/// Plays the current alpha grid locked to the host's bar grid. The engine client hands in new
/// grids with <see cref="Submit"/> from any thread; the audio thread swaps a new grid in at the
/// next bar line with an equal-power crossfade. <see cref="Render"/> allocates nothing, takes no
/// lock and throws nothing by design.
/// </summary>
public sealed class LoopPlayer
{
    /// <summary>Default crossfade when a new grid comes in, in seconds.</summary>
    public const double DefaultCrossfadeSeconds = 0.010;

    private AlphaGrid? _pending;
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
    public AlphaGrid? Pending => Volatile.Read(ref _pending);

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
    public void Submit(AlphaGrid? grid) => Volatile.Write(ref _pending, grid);

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
        AlphaGrid? pending = Volatile.Read(ref _pending);
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
        long currentLength = HostLength(_current, bpm, rate);
        long fadingLength = HostLength(_fadingOut, bpm, rate);
        long pendingLength = HostLength(pending, bpm, rate);
        bool swapWaiting = !ReferenceEquals(pending, _current);
        long loopIndex = 0;

        for (int i = 0; i < count; i++)
        {
            long s = firstGridSample + i;
            if (swapWaiting)
            {
                // The bar grid of whatever plays now decides the bar line; with nothing playing, the newcomer's.
                AlphaGrid? clock = _current ?? pending;
                long clockLength = _current is not null ? currentLength : pendingLength;
                if (clock is null || clockLength <= 0 || LoopTiming.IsBarStart(LoopTiming.Position(s, clockLength), clockLength, clock.Bars))
                {
                    SwapTo(pending, fade: true);
                    fadingLength = currentLength;
                    currentLength = pendingLength;
                    swapWaiting = false;
                }
            }

            float l = 0f, r = 0f;
            if (_current is { } current && currentLength > 0)
            {
                loopIndex = LoopTiming.LoopIndex(s, currentLength);
                long position = s - loopIndex * currentLength;
                float a = evolve ? EvolveSchedule.AlphaForLoop(loopIndex) : alpha;
                ReadGrid(current, position, currentLength, a, out l, out r);
            }

            if (_fadingOut is { } old)
            {
                int k = _fadePosition;
                float fl = 0f, fr = 0f;
                if (fadingLength > 0)
                {
                    long oldIndex = LoopTiming.LoopIndex(s, fadingLength);
                    float a = evolve ? EvolveSchedule.AlphaForLoop(oldIndex) : alpha;
                    ReadGrid(old, s - oldIndex * fadingLength, fadingLength, a, out fl, out fr);
                }
                float gIn = _fadeIn[k], gOut = _fadeOut[k];
                l = l * gIn + fl * gOut;
                r = r * gIn + fr * gOut;
                if (++_fadePosition >= _fadeIn.Length)
                    _fadingOut = null;
            }

            left[i] = l;
            right[i] = r;
        }

        if (_current is not null && currentLength > 0)
            Interlocked.Exchange(ref _loopIndex, loopIndex);
    }

    /// <summary>Mixes the two grid loops around <paramref name="alpha"/>: (1 − f)·loop[i] + f·loop[i+1].</summary>
    internal static void ReadGrid(AlphaGrid grid, long position, long hostLength, float alpha, out float left, out float right)
    {
        LoopBuffer?[] resolved = grid.Resolved;
        int last = resolved.Length - 1;
        float x = alpha * last;
        int i0 = (int)x;
        float frac;
        if (i0 >= last)
        {
            i0 = last;
            frac = 0f;
        }
        else
        {
            frac = x - i0;
        }
        LoopBuffer? a = resolved[i0];
        if (a is null)
        {
            left = 0f;
            right = 0f;
            return;
        }
        a.Read(position, hostLength, out float al, out float ar);
        LoopBuffer? b = frac > 0f ? resolved[i0 + 1] : a;
        if (b is null || ReferenceEquals(a, b))
        {
            left = al;
            right = ar;
            return;
        }
        b.Read(position, hostLength, out float bl, out float br);
        left = (1f - frac) * al + frac * bl;
        right = (1f - frac) * ar + frac * br;
    }

    /// <summary>The host loop length a grid's loops must span at this tempo and rate (0 for no grid).</summary>
    private static long HostLength(AlphaGrid? grid, double bpm, double rate) =>
        grid is null ? 0 : LoopTiming.LoopLength(grid.Bars, grid.BeatsPerBar, bpm, rate);

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
