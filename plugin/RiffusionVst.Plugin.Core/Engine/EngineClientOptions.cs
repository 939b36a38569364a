using RiffusionVst.Plugin.Core.Playback;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>Settings of an <see cref="EngineClient"/>; the defaults suit a plugin, tests shorten the times.</summary>
public sealed class EngineClientOptions
{
    /// <summary>Pipe to connect to; null uses the per-user default (or the RIFFUSION_VST_PIPE variable).</summary>
    public string? PipeName { get; init; }

    /// <summary>Identity of this plugin instance, saved with the project.</summary>
    public Guid InstanceId { get; init; } = Guid.NewGuid();

    /// <summary>Label the engine and CLI show for this instance (e.g. the track name).</summary>
    public string Label { get; init; } = "";

    /// <summary>Whether to start an engine process when none answers.</summary>
    public bool StartEngine { get; init; } = true;

    /// <summary>How long one connection attempt waits.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the engine has to answer Hello.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait between reconnection attempts; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between reconnection attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the client looks at parameters, tempo and captures.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long settings or tempo must stay unchanged before the client asks for a render or retime (knob drags and tempo ramps are not sent sample by sample).</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Alpha values per grid.</summary>
    public int GridPointCount { get; init; } = AlphaGrid.DefaultPointCount;

    /// <summary>Diffusion steps asked for.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Output channels asked for (1 or 2).</summary>
    public int Channels { get; init; } = 2;
}
