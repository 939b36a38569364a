using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Engine → client: a render is alive and this far along.</summary>
[MessagePackObject]
public sealed class Progress : Message
{
    /// <summary>The request this reports on.</summary>
    [Key(0)] public long RequestId { get; set; }

    /// <summary>The stage of the render.</summary>
    [Key(1)] public ProgressStage Stage { get; set; }

    /// <summary>Steps done within the stage; for <see cref="ProgressStage.Queued"/>, the generator runs ahead of this one.</summary>
    [Key(2)] public int Step { get; set; }

    /// <summary>Steps the stage has in all (0 when unknown).</summary>
    [Key(3)] public int Total { get; set; }

    /// <summary>The grid alpha being rendered.</summary>
    [Key(4)] public float Alpha { get; set; }
}
