using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>The answer to a <see cref="Ping"/>.</summary>
[MessagePackObject]
public sealed class Pong : Message
{
    /// <summary>The ping's <see cref="Ping.Timestamp"/>, unchanged.</summary>
    [Key(0)] public long Timestamp { get; set; }

    /// <summary>The ping's <see cref="Ping.Echo"/>, unchanged.</summary>
    [Key(1)] public long Echo { get; set; }

    /// <summary>The pong that answers <paramref name="ping"/>.</summary>
    public static Pong For(Ping ping) => new() { Timestamp = ping.Timestamp, Echo = ping.Echo };
}
