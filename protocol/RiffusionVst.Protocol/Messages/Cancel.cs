using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Client → engine: stop a request, or every request of this connection.</summary>
[MessagePackObject]
public sealed class Cancel : Message
{
    /// <summary>The request to stop, or null for all of this client's requests.</summary>
    [Key(0)] public long? RequestId { get; set; }

    /// <summary>True when this cancels everything the client asked for.</summary>
    [IgnoreMember] public bool IsAll => RequestId is null;

    /// <summary>A cancel of every request of this client.</summary>
    public static Cancel All() => new() { RequestId = null };
}
