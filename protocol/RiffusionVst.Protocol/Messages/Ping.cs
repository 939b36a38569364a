using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Either direction: are you alive? Answered by a <see cref="Pong"/> that echoes both fields.</summary>
[MessagePackObject]
public sealed class Ping : Message
{
    /// <summary>Sender's clock when sent (e.g. <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), echoed back.</summary>
    [Key(0)] public long Timestamp { get; set; }

    /// <summary>Opaque value echoed back, e.g. a sequence number.</summary>
    [Key(1)] public long Echo { get; set; }
}
