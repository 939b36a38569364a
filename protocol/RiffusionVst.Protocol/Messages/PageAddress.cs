using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Engine → client: the control page's address (with its access token), or why there is none.</summary>
[MessagePackObject]
public sealed class PageAddress : Message
{
    /// <summary>The <see cref="GetPageAddress.RequestId"/> this answers.</summary>
    [Key(0)] public long RequestId { get; set; }

    /// <summary>The page's URL on loopback, opened at this instance's entry; empty when the engine serves no page.</summary>
    [Key(1)] public string Url { get; set; } = "";

    /// <summary>Why there is no page (e.g. the engine was started with --no-http); empty when there is one.</summary>
    [Key(2)] public string Problem { get; set; } = "";
}
