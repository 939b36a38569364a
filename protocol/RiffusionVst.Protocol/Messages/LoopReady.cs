using MessagePack;
using RiffusionVst.Protocol.Serialization;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Engine → client: a finished loop, ready to swap in at the next bar line.</summary>
[MessagePackObject]
public sealed class LoopReady : Message
{
    /// <summary>The request this answers.</summary>
    [Key(0)] public long RequestId { get; set; }

    /// <summary>The morph position this loop was rendered at.</summary>
    [Key(1)] public float Alpha { get; set; }

    /// <summary>Engine key of the spectrogram behind this loop; <see cref="Retime"/> refers to it.</summary>
    [Key(2)] public string GenerationKey { get; set; } = "";

    /// <summary>Tempo the loop was fitted to.</summary>
    [Key(3)] public double Bpm { get; set; }

    /// <summary>Length in bars.</summary>
    [Key(4)] public int Bars { get; set; }

    /// <summary>Beats per bar.</summary>
    [Key(5)] public int BeatsPerBar { get; set; }

    /// <summary>Sample rate of <see cref="Pcm"/> in Hz.</summary>
    [Key(6)] public int SampleRate { get; set; }

    /// <summary>Samples per channel; each array has exactly <see cref="LoopLength.Samples"/> samples.</summary>
    [Key(7)]
    [MessagePackFormatter(typeof(PcmChannelsFormatter))]
    public float[][] Pcm { get; set; } = [];

    /// <summary>Path of the clip file the engine wrote (for drag and drop), or null.</summary>
    [Key(8)] public string? ClipPath { get; set; }

    /// <summary>The spectrogram image as PNG when the request asked for it, else null.</summary>
    [Key(9)] public byte[]? Png { get; set; }

    /// <summary>How long the render took.</summary>
    [Key(10)] public RenderTimings Timings { get; set; } = new();

    /// <summary>The length every channel must have for this loop's tempo, bars and rate.</summary>
    public long ExpectedLength() => LoopLength.Samples(Bpm, Bars, BeatsPerBar, SampleRate);
}
