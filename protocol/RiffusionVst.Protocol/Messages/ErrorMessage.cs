using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Either direction: something failed. The text is for people and says what to do.</summary>
[MessagePackObject]
public sealed class ErrorMessage : Message
{
    /// <summary>What kind of failure.</summary>
    [Key(0)] public ErrorCode Code { get; set; }

    /// <summary>What went wrong and what to do about it.</summary>
    [Key(1)] public string Message { get; set; } = "";

    /// <summary>The request this answers, or null when it concerns the connection.</summary>
    [Key(2)] public long? RequestId { get; set; }

    /// <summary>True when the sender closes the connection after this message.</summary>
    [Key(3)] public bool Fatal { get; set; }

    /// <summary>Convenience constructor for the common fields.</summary>
    public static ErrorMessage Create(ErrorCode code, string message, long? requestId = null, bool fatal = false) =>
        new() { Code = code, Message = message, RequestId = requestId, Fatal = fatal };

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Code}{(RequestId is { } id ? $" (request {id})" : "")}{(Fatal ? " [fatal]" : "")}: {Message}";
}
