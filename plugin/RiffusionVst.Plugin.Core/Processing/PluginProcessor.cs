using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Processing;

/// <summary>
/// The real-time half of the plugin, host-agnostic (the way JUCE splits an AudioProcessor from
/// everything else): applies automation at sample offsets, plays the loop grid locked to the
/// transport, mixes it with the input, and feeds input capture. <see cref="Process"/> allocates
/// nothing, takes no lock, does no I/O and throws nothing by design; in an offline render (a bounce)
/// it first waits for the loops a restored project carried (<see cref="OfflineWait"/>).
/// </summary>
public sealed class PluginProcessor
{
    private float[] _wetLeft = [];
    private float[] _wetRight = [];
    private float _lastGainDb = float.NaN;
    private float _gainLinear;
    private long _observedBpmBits;
    private int _observedPlaying;
    private int _observedOffline;
    private readonly MusicalClock _clock = new();

    /// <summary>Creates a processor over the given parameter set (shared with the UI and engine client).</summary>
    public PluginProcessor(PluginParameters parameters)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
    }

    /// <summary>The parameters the processor reads and host automation writes.</summary>
    public PluginParameters Parameters { get; }

    /// <summary>Loop playback; the engine client submits grids to it.</summary>
    public LoopPlayer Player { get; } = new();

    /// <summary>Input capture for seed audio.</summary>
    public InputCapture Capture { get; } = new();

    /// <summary>What an offline render waits for: the loops a restored project carried, while the engine client brings them.</summary>
    public OfflineWait Offline { get; } = new();

    /// <summary>Sample rate given to <see cref="Prepare"/>; 0 before.</summary>
    public double SampleRate { get; private set; }

    /// <summary>Largest block <see cref="Process"/> handles in one piece (bigger blocks are split, still without allocating).</summary>
    public int MaxBlockSize => _wetLeft.Length;

    /// <summary>Tempo the host reported in the last block (0 before any); the engine client retimes when it changes.</summary>
    public double ObservedBpm => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _observedBpmBits));

    /// <summary>Whether the host transport ran in the last block.</summary>
    public bool ObservedPlaying => Volatile.Read(ref _observedPlaying) != 0;

    /// <summary>Whether the last block was rendered offline (a bounce).</summary>
    public bool ObservedOffline => Volatile.Read(ref _observedOffline) != 0;

    /// <summary>Prepares for playback at a sample rate and maximum block size, like JUCE's prepareToPlay. Allocates; not concurrent with Process.</summary>
    public void Prepare(double sampleRate, int maxBlockSize)
    {
        if (maxBlockSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxBlockSize), maxBlockSize, "Maximum block size must be at least one sample.");
        Player.Prepare(sampleRate);
        _wetLeft = new float[maxBlockSize];
        _wetRight = new float[maxBlockSize];
        SampleRate = sampleRate;
        _clock.Reset();
    }

    /// <summary>
    /// Arms a capture of the next <paramref name="bars"/> bars of input at the host's last tempo and
    /// the current beats per bar; the engine client sends the take as seed audio. Call from the UI thread.
    /// </summary>
    public void RequestCapture(int bars)
    {
        double bpm = ObservedBpm;
        if (!(bpm > 0) || SampleRate <= 0)
            throw new InvalidOperationException("Capture needs the host's tempo: start playback once (or let the host call process) and try again.");
        Capture.Request(bars, Parameters.BeatsPerBar, bpm, SampleRate);
    }

    /// <summary>
    /// Processes one block. Input may be empty (no input bus) and may alias the output.
    /// Block length is the output length; <paramref name="changes"/> are applied at their offsets.
    /// </summary>
    public void Process(
        ReadOnlySpan<float> inputLeft, ReadOnlySpan<float> inputRight,
        Span<float> outputLeft, Span<float> outputRight,
        in TransportInfo transport, ReadOnlySpan<ParameterChange> changes)
    {
        int frames = Math.Min(outputLeft.Length, outputRight.Length);
        double rate = SampleRate;
        Interlocked.Exchange(ref _observedBpmBits, BitConverter.DoubleToInt64Bits(transport.Bpm));
        Volatile.Write(ref _observedPlaying, transport.IsPlaying ? 1 : 0);
        Volatile.Write(ref _observedOffline, transport.IsOffline ? 1 : 0);
        if (transport.IsOffline)
            Offline.WaitIfExpected(); // a bounce takes the loops the project carried, not the silence of a late one
        if (rate <= 0 || _wetLeft.Length == 0)
        {
            // Not prepared: pass the input through so the host hears something sensible.
            PassThrough(inputLeft, inputRight, outputLeft, outputRight, frames);
            return;
        }

        // PPQ from the host wins; otherwise our own musical clock keeps the beats continuous across tempo changes.
        long firstGridSample = double.IsFinite(transport.PpqPosition) && transport.Bpm > 0
            ? transport.GridSample(rate)
            : _clock.GridSample(transport.ProjectSample, frames, transport.Bpm, rate, transport.IsPlaying);
        int start = 0;
        int next = 0;
        while (start < frames)
        {
            while (next < changes.Length && changes[next].SampleOffset <= start)
            {
                Parameters.SetNormalized(changes[next].Id, changes[next].NormalizedValue);
                next++;
            }
            int end = next < changes.Length ? Math.Min(changes[next].SampleOffset, frames) : frames;
            end = Math.Min(end, start + _wetLeft.Length);
            RenderSegment(inputLeft, inputRight, outputLeft, outputRight, start, end - start, firstGridSample, transport);
            start = end;
        }
        // Changes at or beyond the block end still take effect, for the next block.
        for (; next < changes.Length; next++)
            Parameters.SetNormalized(changes[next].Id, changes[next].NormalizedValue);
    }

    private void RenderSegment(
        ReadOnlySpan<float> inputLeft, ReadOnlySpan<float> inputRight,
        Span<float> outputLeft, Span<float> outputRight,
        int offset, int count, long firstGridSample, in TransportInfo transport)
    {
        PluginParameters p = Parameters;
        float gainDb = p.OutputGainDb;
        if (gainDb != _lastGainDb)
        {
            _lastGainDb = gainDb;
            _gainLinear = gainDb <= ParameterCatalog.Get(ParameterId.OutputGain).Minimum ? 0f : MathF.Pow(10f, gainDb / 20f);
        }
        float wet = p.DryWet;
        float dry = 1f - wet;
        float wetGain = wet * _gainLinear;
        long segmentStart = firstGridSample + offset;

        Span<float> wetLeft = _wetLeft.AsSpan(0, count);
        Span<float> wetRight = _wetRight.AsSpan(0, count);
        Player.Render(wetLeft, wetRight, segmentStart, transport.Bpm, transport.IsPlaying, p.Alpha, p.Evolve);

        ReadOnlySpan<float> inL = Slice(inputLeft, offset, count);
        ReadOnlySpan<float> inR = inputRight.Length >= offset + count ? inputRight.Slice(offset, count) : inL;
        if (!inL.IsEmpty)
            Capture.Process(inL, inR, segmentStart, transport.Bpm, SampleRate, transport.IsPlaying);

        Span<float> outL = outputLeft.Slice(offset, count);
        Span<float> outR = outputRight.Slice(offset, count);
        for (int i = 0; i < count; i++)
        {
            float dl = inL.IsEmpty ? 0f : inL[i];
            float dr = inR.IsEmpty ? 0f : inR[i];
            outL[i] = dry * dl + wetGain * wetLeft[i];
            outR[i] = dry * dr + wetGain * wetRight[i];
        }
    }

    private static ReadOnlySpan<float> Slice(ReadOnlySpan<float> input, int offset, int count) =>
        input.Length >= offset + count ? input.Slice(offset, count) : ReadOnlySpan<float>.Empty;

    private static void PassThrough(ReadOnlySpan<float> inL, ReadOnlySpan<float> inR, Span<float> outL, Span<float> outR, int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            outL[i] = i < inL.Length ? inL[i] : 0f;
            outR[i] = i < inR.Length ? inR[i] : (i < inL.Length ? inL[i] : 0f);
        }
    }
}
