using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Engine → CLI: the connected plugin instances.</summary>
[MessagePackObject]
public sealed class InstanceList : Message
{
    /// <summary>The <see cref="ListInstances.RequestId"/> this answers.</summary>
    [Key(0)] public long RequestId { get; set; }

    /// <summary>One entry per connected instance.</summary>
    [Key(1)] public List<InstanceState> Instances { get; set; } = [];
}
