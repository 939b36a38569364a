namespace RiffusionVst.Protocol.Transport;

/// <summary>Settings of a <see cref="PipeListener"/>.</summary>
public sealed class PipeListenerOptions
{
    /// <summary>Settings of every accepted connection.</summary>
    public PipeConnectionOptions Connection { get; init; } = PipeConnectionOptions.Default;

    /// <summary>
    /// Whether to also try to connect to the name before listening, so that a server that does not take the
    /// lock file (an older or foreign one) is not displaced. Costs up to <see cref="ProbeTimeout"/> when nobody serves.
    /// </summary>
    public bool ProbeBeforeListening { get; init; } = true;

    /// <summary>How long the probe waits.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Send buffer of the engine's end of each pipe, in bytes (0: the system default). Big loops go out in fewer
    /// hand-offs when it is large; Linux caps it at net.core.wmem_max (often 208 KiB, 4 MiB on some machines).
    /// </summary>
    public int SendBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Receive buffer of the engine's end of each pipe, in bytes (0: the system default).</summary>
    public int ReceiveBufferBytes { get; init; }

    /// <summary>The defaults.</summary>
    public static PipeListenerOptions Default { get; } = new();
}
