namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>Loop and tempo information of a WAV file, from its <c>acid</c> and <c>smpl</c> chunks; null members are absent.</summary>
public sealed record WavMetadata
{
    /// <summary>Tempo in beats per minute (acid chunk).</summary>
    public double? Tempo { get; init; }

    /// <summary>Length of the clip in beats (acid chunk).</summary>
    public int? Beats { get; init; }

    /// <summary>Beats per bar, the upper number of the meter (acid chunk).</summary>
    public int? MeterNumerator { get; init; }

    /// <summary>Note value of a beat, the lower number of the meter (acid chunk).</summary>
    public int? MeterDenominator { get; init; }

    /// <summary>MIDI root note (acid chunk; 60 = middle C).</summary>
    public int? RootNote { get; init; }

    /// <summary>Whether the acid chunk marks the clip as a one-shot rather than a loop.</summary>
    public bool? OneShot { get; init; }

    /// <summary>First sample of the loop (smpl chunk).</summary>
    public long? LoopStart { get; init; }

    /// <summary>Last sample of the loop, inclusive (smpl chunk).</summary>
    public long? LoopEnd { get; init; }

    /// <summary>Metadata for a tempo-synced loop: the whole clip loops, <paramref name="beats"/> beats at <paramref name="tempo"/> BPM.</summary>
    public static WavMetadata ForLoop(double tempo, int beats, long lengthInSamples, int beatsPerBar = 4, int beatUnit = 4) => new()
    {
        Tempo = tempo,
        Beats = beats,
        MeterNumerator = beatsPerBar,
        MeterDenominator = beatUnit,
        RootNote = 60,
        OneShot = false,
        LoopStart = 0,
        LoopEnd = lengthInSamples - 1,
    };
}
