using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Client → engine: refit a finished generation to a new tempo and/or sample rate, with no new diffusion.</summary>
/// <remarks>Answered by a <see cref="LoopReady"/> with the same <see cref="RequestId"/>.</remarks>
[MessagePackObject]
public sealed class Retime : Message
{
    /// <summary>Client-chosen id of this retime request.</summary>
    [Key(0)] public long RequestId { get; set; }

    /// <summary>The <see cref="LoopReady.GenerationKey"/> to refit.</summary>
    [Key(1)] public string GenerationKey { get; set; } = "";

    /// <summary>New tempo, or null to keep it.</summary>
    [Key(2)] public double? Bpm { get; set; }

    /// <summary>New sample rate, or null to keep it.</summary>
    [Key(3)] public int? SampleRate { get; set; }
}
