using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Engine → plugin (relayed from the control page): render the instance's grid again with fresh noise, as its Regenerate parameter does.</summary>
[MessagePackObject]
public sealed class RegenerateInstance : Message
{
    /// <summary>The instance to regenerate.</summary>
    [Key(0)] public Guid InstanceId { get; set; }
}
