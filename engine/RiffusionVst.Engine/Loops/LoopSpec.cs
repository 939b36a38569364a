using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Loops;

/// <summary>What a loop must be: whole bars at the host's tempo and sample rate.</summary>
/// <remarks>The contract shared with the plugin: <c>L = round(bars · beatsPerBar · 60 / bpm · sampleRate)</c> samples, exactly.</remarks>
public sealed record LoopSpec
{
    /// <summary>Tempo of Riffusion's native grid: 64 columns (0.64 s) a beat.</summary>
    public const double NativeBpm = 93.75;

    /// <summary>Image columns a beat on the native grid.</summary>
    public const int NativeColumnsPerBeat = 64;

    /// <summary>Highest tempo accepted (the protocol's limit).</summary>
    public const double MaxBpm = ProtocolLimits.MaxBpm;

    /// <summary>Most bars in one loop (the protocol's limit).</summary>
    public const int MaxBars = ProtocolLimits.MaxBars;

    /// <summary>Creates and validates a loop specification.</summary>
    public LoopSpec(double bpm, int bars, int beatsPerBar = 4, int sampleRate = 44_100)
    {
        if (!double.IsFinite(bpm) || bpm <= 0 || bpm > MaxBpm)
        {
            throw new ArgumentOutOfRangeException(nameof(bpm), bpm, $"Tempo must be between 0 and {MaxBpm} BPM (exclusive of 0); got {bpm}.");
        }

        if (bars < ProtocolLimits.MinBars || bars > MaxBars)
        {
            throw new ArgumentOutOfRangeException(nameof(bars), bars, $"A loop has {ProtocolLimits.MinBars} to {MaxBars} bars; got {bars}.");
        }

        if (beatsPerBar < ProtocolLimits.MinBeatsPerBar || beatsPerBar > ProtocolLimits.MaxBeatsPerBar)
        {
            throw new ArgumentOutOfRangeException(nameof(beatsPerBar), beatsPerBar, $"Beats per bar must be {ProtocolLimits.MinBeatsPerBar} to {ProtocolLimits.MaxBeatsPerBar}; got {beatsPerBar}.");
        }

        if (sampleRate < ProtocolLimits.MinSampleRate || sampleRate > ProtocolLimits.MaxSampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"Sample rate must be {ProtocolLimits.MinSampleRate} to {ProtocolLimits.MaxSampleRate} Hz; got {sampleRate}.");
        }

        Bpm = bpm;
        Bars = bars;
        BeatsPerBar = beatsPerBar;
        SampleRate = sampleRate;
    }

    /// <summary>Tempo in beats per minute.</summary>
    public double Bpm { get; }

    /// <summary>Number of bars.</summary>
    public int Bars { get; }

    /// <summary>Beats in one bar (the numerator of the time signature).</summary>
    public int BeatsPerBar { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Beats in the loop.</summary>
    public int Beats => Bars * BeatsPerBar;

    /// <summary>Length of the loop in seconds, unrounded.</summary>
    public double Seconds => Beats * 60.0 / Bpm;

    /// <summary>The exact loop length in samples at <see cref="SampleRate"/>.</summary>
    public int LengthSamples => LengthAt(SampleRate);

    /// <summary>Image columns the model generates for this many beats on its native grid.</summary>
    public int NativeColumns => Beats * NativeColumnsPerBeat;

    /// <summary>The loop length in samples at another rate, rounded the same way.</summary>
    public int LengthAt(int sampleRate) => checked((int)Protocol.Messages.LoopLength.Samples(Bpm, Bars, BeatsPerBar, sampleRate));

    /// <summary>Spectrogram frames (hops) that best cover one period of the loop at the given hop and rate.</summary>
    /// <remarks>The reconstruction yields <c>frames · hop</c> samples which are then resampled to exactly
    /// <see cref="LengthSamples"/>; rounding the frame count shifts pitch by at most half a frame over the loop
    /// (0.42 % for one bar of 4/4 at 200 BPM, none at 120 or 93.75 BPM).</remarks>
    public int FramesAt(int hopLength, int spectrogramRate) =>
        Math.Max(2, (int)Math.Round(Seconds * spectrogramRate / hopLength, MidpointRounding.AwayFromZero));
}
