namespace RiffusionVst.Engine.Service.Generation;

/// <summary>What a generator is, for the handshake, the logs and the cache key.</summary>
public sealed record GeneratorInfo
{
    /// <summary>Identifies the weights (and mode); part of every cache key so two models never share images.</summary>
    public required string ModelId { get; init; }

    /// <summary>Name shown to users, e.g. "riffusion-model-v1".</summary>
    public required string ModelName { get; init; }

    /// <summary>True for the generated tiny test model (its output is noise, not music).</summary>
    public bool IsTiny { get; init; }

    /// <summary>Where inference runs, e.g. "cpu" or "cuda:0".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>True when the generator runs diffusion; false for the no-diffusion mode.</summary>
    public bool RunsDiffusion { get; init; } = true;

    /// <summary>Scheduler names it accepts.</summary>
    public IReadOnlyList<string> Schedulers { get; init; } = [];

    /// <summary>Built-in mask names it accepts.</summary>
    public IReadOnlyList<string> Masks { get; init; } = [];

    /// <summary>Whether negative prompts change its output.</summary>
    public bool HonoursNegativePrompt { get; init; }
}
