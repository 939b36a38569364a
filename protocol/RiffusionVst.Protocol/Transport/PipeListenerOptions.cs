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

    /// <summary>The defaults.</summary>
    public static PipeListenerOptions Default { get; } = new();
}
