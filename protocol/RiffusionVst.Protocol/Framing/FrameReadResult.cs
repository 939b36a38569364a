using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Framing;

/// <summary>One frame read: a message, or why there is none. Reading never throws for bad data.</summary>
public readonly struct FrameReadResult
{
    private FrameReadResult(FrameReadStatus status, Message? message, string? error, long bodyLength)
    {
        Status = status;
        Message = message;
        Error = error;
        BodyLength = bodyLength;
    }

    /// <summary>What happened.</summary>
    public FrameReadStatus Status { get; }

    /// <summary>The decoded message when <see cref="Status"/> is <see cref="FrameReadStatus.Message"/>.</summary>
    public Message? Message { get; }

    /// <summary>What was wrong, for logs and for an <see cref="ErrorMessage"/> to the peer; null on success.</summary>
    public string? Error { get; }

    /// <summary>The body length from the prefix (0 when the prefix was not read).</summary>
    public long BodyLength { get; }

    /// <summary>True when another frame can follow (a message, or a skipped undecodable body).</summary>
    public bool CanContinue => Status is FrameReadStatus.Message or FrameReadStatus.Undecodable;

    internal static FrameReadResult Decoded(Message message, long length) => new(FrameReadStatus.Message, message, null, length);

    internal static FrameReadResult Ended() => new(FrameReadStatus.EndOfStream, null, null, 0);

    internal static FrameReadResult Failed(FrameReadStatus status, string error, long length) => new(status, null, error, length);

    /// <inheritdoc/>
    public override string ToString() => Error is null ? $"{Status} {Message?.GetType().Name}" : $"{Status}: {Error}";
}
