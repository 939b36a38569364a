using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>CLI → engine: which plugin instances are connected? Answered by <see cref="InstanceList"/>.</summary>
[MessagePackObject]
public sealed class ListInstances : Message
{
    /// <summary>Client-chosen id, echoed in the answer.</summary>
    [Key(0)] public long RequestId { get; set; }
}
