namespace RiffusionVst.Protocol.Messages;

/// <summary>What went wrong (wire values: never renumber; unknown values mean <see cref="Unknown"/>).</summary>
public enum ErrorCode
{
    /// <summary>Unclassified.</summary>
    Unknown = 0,

    /// <summary>The peer speaks another protocol major version.</summary>
    VersionMismatch = 1,

    /// <summary>A message carried impossible or unsupported values; the text says which.</summary>
    InvalidRequest = 2,

    /// <summary>A frame could not be decoded as a message.</summary>
    MalformedFrame = 3,

    /// <summary>A frame's length was zero or over the limit.</summary>
    FrameTooLarge = 4,

    /// <summary>The message needs a <see cref="Hello"/> first.</summary>
    NotIntroduced = 5,

    /// <summary>The generation key is unknown or was evicted from the cache; render again.</summary>
    UnknownGeneration = 6,

    /// <summary>The request was cancelled.</summary>
    Cancelled = 7,

    /// <summary>No model is loaded or it failed to load.</summary>
    ModelUnavailable = 8,

    /// <summary>The render failed inside the engine.</summary>
    RenderFailed = 9,

    /// <summary>The engine is too busy to accept more work now.</summary>
    Busy = 10,

    /// <summary>No plugin instance has that id.</summary>
    UnknownInstance = 11,

    /// <summary>A bug in the engine.</summary>
    Internal = 12,
}
