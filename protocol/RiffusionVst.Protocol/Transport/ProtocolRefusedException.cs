using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Transport;

/// <summary>The peer refused the handshake (e.g. another protocol major version) or did not answer it properly.</summary>
public sealed class ProtocolRefusedException : IOException
{
    /// <summary>Creates the exception from the peer's error, or from a local description when there is none.</summary>
    public ProtocolRefusedException(string message, ErrorMessage? error = null)
        : base(message)
    {
        Error = error;
    }

    /// <summary>The peer's error message, when it sent one.</summary>
    public ErrorMessage? Error { get; }
}
