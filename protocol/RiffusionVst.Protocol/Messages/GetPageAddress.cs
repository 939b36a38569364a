using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Client → engine: where is the control page for this connection? Answered by <see cref="PageAddress"/>.</summary>
/// <remarks>The plugin asks for the address instead of reading the engine's token file, so no instance ever touches it.</remarks>
[MessagePackObject]
public sealed class GetPageAddress : Message
{
    /// <summary>Client-chosen id, echoed in the answer.</summary>
    [Key(0)] public long RequestId { get; set; }
}
