using MessagePack;
using RiffusionVst.Protocol.Serialization;

namespace RiffusionVst.Protocol.Messages;

/// <summary>User audio to start img2img from, instead of a named seed pattern.</summary>
[MessagePackObject]
public sealed class SeedAudio
{
    /// <summary>PCM samples in [-1, 1], one array per channel, all of the same length.</summary>
    [Key(0)]
    [MessagePackFormatter(typeof(PcmChannelsFormatter))]
    public float[][] Channels { get; set; } = [];

    /// <summary>Sample rate of <see cref="Channels"/> in Hz.</summary>
    [Key(1)] public int SampleRate { get; set; }
}
