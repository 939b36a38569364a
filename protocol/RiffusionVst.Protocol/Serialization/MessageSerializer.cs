using MessagePack;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Serialization;

/// <summary>MessagePack encoding of <see cref="Message"/>s, with the options both sides must use.</summary>
public static class MessageSerializer
{
    /// <summary>Standard resolver, hardened for data from another process (depth limits, collision-resistant hashing).</summary>
    public static MessagePackSerializerOptions Options { get; } =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Encodes a message (without the frame header).</summary>
    public static byte[] Serialize(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MessagePackSerializer.Serialize(message, Options);
    }

    /// <summary>Decodes one message body.</summary>
    /// <exception cref="MessagePackSerializationException">The bytes are not exactly one known message.</exception>
    public static Message Deserialize(ReadOnlyMemory<byte> body)
    {
        Message? message = MessagePackSerializer.Deserialize<Message>(body, Options, out int bytesRead);
        if (message is null)
            throw new MessagePackSerializationException("The body is nil or names an unknown message kind (is the peer a newer version?).");
        if (bytesRead != body.Length)
            throw new MessagePackSerializationException($"The body has {body.Length - bytesRead} bytes left over after the message.");
        return message;
    }
}
