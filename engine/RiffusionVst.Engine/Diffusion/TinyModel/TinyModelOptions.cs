using RiffusionVst.Engine.Diffusion.Model;

namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>
/// Which exporter conventions the generated tiny model follows, so the engine can be tested against each
/// combination real exports use.
/// </summary>
public sealed record TinyModelOptions
{
    /// <summary>Float type of every float input and output (weights are stored in the same type).</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Float32;

    /// <summary>Integer type of the text encoder's <c>input_ids</c>.</summary>
    public TokenIdType TokenIds { get; init; } = TokenIdType.Int64;

    /// <summary>Element type of the UNet's <c>timestep</c>.</summary>
    public TimestepType Timestep { get; init; } = TimestepType.Int64;

    /// <summary>True for a <c>timestep</c> of shape [B]; false for a scalar (rank 0).</summary>
    public bool TimestepPerBatch { get; init; } = true;

    /// <summary>What the VAE encoder returns.</summary>
    public VaeEncoderOutputKind VaeEncoderOutput { get; init; } = VaeEncoderOutputKind.LatentParameters;

    /// <summary>True marks the batch dimension "batch" (dynamic); false fixes it to 1.</summary>
    public bool DynamicBatch { get; init; } = true;

    /// <summary>Width of the text features (768 in Riffusion; small here to keep the model tiny).</summary>
    public int TextHiddenSize { get; init; } = 32;

    /// <summary>Channels inside the tiny UNet.</summary>
    public int UNetChannels { get; init; } = 16;

    /// <summary>Seed of the weights; the same seed gives byte-identical files.</summary>
    public int Seed { get; init; } = 1234;
}
