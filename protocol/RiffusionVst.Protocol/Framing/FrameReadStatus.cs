namespace RiffusionVst.Protocol.Framing;

/// <summary>The outcome of reading one frame.</summary>
public enum FrameReadStatus
{
    /// <summary>A frame was read and decoded.</summary>
    Message,

    /// <summary>The stream ended cleanly between frames.</summary>
    EndOfStream,

    /// <summary>The length prefix was zero or over the limit; nothing was allocated and the stream cannot be resynchronised.</summary>
    InvalidLength,

    /// <summary>The stream ended inside a frame.</summary>
    Truncated,

    /// <summary>The body was read but is not a known message; it was skipped and the next frame can be read.</summary>
    Undecodable,
}
