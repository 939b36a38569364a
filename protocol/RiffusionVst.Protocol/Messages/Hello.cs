using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Client → engine, first message on a connection: who is speaking and which protocol it speaks.</summary>
[MessagePackObject]
public sealed class Hello : Message
{
    /// <summary>The client's protocol major version; the engine refuses any other major.</summary>
    [Key(0)] public int ProtocolMajor { get; set; } = ProtocolVersion.Major;

    /// <summary>The client's protocol minor version (informational).</summary>
    [Key(1)] public int ProtocolMinor { get; set; } = ProtocolVersion.Minor;

    /// <summary>Program name, e.g. "RiffusionVst" or "riffusion-engine-cli".</summary>
    [Key(2)] public string ClientName { get; set; } = "";

    /// <summary>Program version, for logs and error reports.</summary>
    [Key(3)] public string ClientVersion { get; set; } = "";

    /// <summary>Identity of this plugin instance; stable across saves of the host project.</summary>
    [Key(4)] public Guid InstanceId { get; set; }

    /// <summary>Human-readable label of the instance (track name or user text), shown by the CLI.</summary>
    [Key(5)] public string Label { get; set; } = "";
}
