using RiffusionVst.Protocol.Framing;

namespace RiffusionVst.Protocol.Transport;

/// <summary>Settings of a <see cref="PipeConnection"/>; both sides should use the same frame limit.</summary>
public sealed class PipeConnectionOptions
{
    /// <summary>Largest frame body sent or accepted.</summary>
    public int MaxFrameBytes { get; init; } = FrameFormat.DefaultMaxFrameBytes;

    /// <summary>Messages buffered before the read loop waits for the consumer (back-pressure onto the peer).</summary>
    public int IncomingCapacity { get; init; } = 256;

    /// <summary>Whether a bad frame from the peer is answered with an <see cref="Messages.ErrorMessage"/> before it is skipped or the connection closes.</summary>
    public bool ReplyToBadFrames { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static PipeConnectionOptions Default { get; } = new();
}
