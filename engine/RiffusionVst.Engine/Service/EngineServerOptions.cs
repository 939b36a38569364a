using RiffusionVst.Protocol.Framing;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Service;

/// <summary>Settings of an <see cref="EngineServer"/>.</summary>
public sealed record EngineServerOptions
{
    /// <summary>Pipe name to serve; null for the per-user default (or the RIFFUSION_VST_PIPE environment variable).</summary>
    public string? PipeName { get; init; }

    /// <summary>Folder for clip files (WAV, PNG, JSON); null writes none.</summary>
    public string? ClipsFolder { get; init; }

    /// <summary>Folder for cached spectrogram PNGs; null keeps the cache in memory only.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Pixels kept in memory by the generation cache, in bytes (a 2-bar image is 768 KiB).</summary>
    public long MemoryCacheBytes { get; init; } = 256L << 20;

    /// <summary>Bytes of cached PNGs kept on disk before the oldest are deleted.</summary>
    public long DiskCacheBytes { get; init; } = 2L << 30;

    /// <summary>Generator runs at once (one device: 1).</summary>
    public int MaxConcurrentDiffusion { get; init; } = 1;

    /// <summary>Image-to-loop reconstructions at once; they overlap the generator.</summary>
    public int MaxConcurrentReconstruction { get; init; } = 1;

    /// <summary>The engine's version, sent in Welcome and written into clip sidecars.</summary>
    public string EngineVersion { get; init; } = typeof(EngineServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>How long a new client may take to say Hello.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The control page (HTTP on loopback); null serves none.</summary>
    public Web.WebSurfaceOptions? Web { get; init; }

    /// <summary>Pipe settings (frame limit, buffers, probing for another engine).</summary>
    public PipeListenerOptions Listener { get; init; } = PipeListenerOptions.Default;

    /// <summary>The frame limit in force.</summary>
    internal int MaxFrameBytes => Listener.Connection?.MaxFrameBytes ?? FrameFormat.DefaultMaxFrameBytes;
}
