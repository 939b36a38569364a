using RiffusionVst.Engine.Diffusion.Model;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// Which of the input and output conventions real exports use the built graphs follow. The defaults are an optimum
/// export's; the tiny test model varies them so the engine is tested against each.
/// </summary>
internal sealed record ExportConventions
{
    /// <summary>int64 (true) or int32 <c>input_ids</c>.</summary>
    public bool Int64TokenIds { get; init; } = true;

    /// <summary>int64 (true) or float <c>timestep</c> (in the model's precision).</summary>
    public bool Int64Timestep { get; init; } = true;

    /// <summary>A <c>timestep</c> of shape [B] (true) or a scalar.</summary>
    public bool TimestepPerBatch { get; init; } = true;

    /// <summary>What the VAE encoder returns.</summary>
    public VaeEncoderOutputKind VaeEncoderOutput { get; init; } = VaeEncoderOutputKind.LatentParameters;

    /// <summary>True marks the batch dimension "batch" (dynamic); false fixes it to 1.</summary>
    public bool DynamicBatch { get; init; } = true;
}
