using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Clips;

/// <summary>What the JSON sidecar of a clip records: enough to render the same loop again.</summary>
public sealed record ClipInfo
{
    /// <summary>When the clip was written (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The engine's version.</summary>
    public string EngineVersion { get; init; } = "";

    /// <summary>The model (name) that made the image.</summary>
    public string Model { get; init; } = "";

    /// <summary>The model id in cache keys (e.g. "no-diffusion" for the seed-only mode).</summary>
    public string ModelId { get; init; } = "";

    /// <summary>Where the model ran.</summary>
    public string Device { get; init; } = "";

    /// <summary>The generation key; <see cref="Retime"/> can refit it while it is cached.</summary>
    public string GenerationKey { get; init; } = "";

    /// <summary>Everything that determined the image: prompts, seeds, alpha, denoising, guidance, steps, scheduler, seed, mask, bars.</summary>
    public required ImageRequest Generation { get; init; }

    /// <summary>Tempo the loop was fitted to.</summary>
    public double Bpm { get; init; }

    /// <summary>Sample rate of the WAV.</summary>
    public int SampleRate { get; init; }

    /// <summary>Channels of the WAV.</summary>
    public int Channels { get; init; }

    /// <summary>Exact length in samples per channel.</summary>
    public long LengthSamples { get; init; }

    /// <summary>How long the render took.</summary>
    public RenderTimings Timings { get; init; } = new();
}
