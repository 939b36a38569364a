namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>
/// The published configs and weights of one Stable Diffusion 1.x model, per component, in the engine's internal
/// naming (see <see cref="IWeightSource"/>): what the graph builder turns into the ONNX model folder.
/// </summary>
public sealed class ModelWeights : IDisposable
{
    /// <summary>The text encoder's <c>config.json</c> (transformers' CLIPTextConfig) as JSON text.</summary>
    public required string TextEncoderConfigJson { get; init; }

    /// <summary>The UNet's <c>config.json</c> (diffusers' UNet2DConditionModel) as JSON text.</summary>
    public required string UNetConfigJson { get; init; }

    /// <summary>The VAE's <c>config.json</c> (diffusers' AutoencoderKL) as JSON text.</summary>
    public required string VaeConfigJson { get; init; }

    /// <summary>CLIP text model tensors (<c>text_model.…</c>).</summary>
    public required IWeightSource TextEncoder { get; init; }

    /// <summary>UNet tensors (<c>conv_in.…</c>, <c>down_blocks.…</c>, …).</summary>
    public required IWeightSource UNet { get; init; }

    /// <summary>AutoencoderKL tensors (<c>encoder.…</c>, <c>decoder.…</c>, <c>quant_conv.…</c>, <c>post_quant_conv.…</c>).</summary>
    public required IWeightSource Vae { get; init; }

    /// <summary>The scheduler's <c>scheduler_config.json</c> as JSON text, or null for Riffusion's PNDM defaults.</summary>
    public string? SchedulerConfigJson { get; init; }

    /// <summary>A folder with the CLIP tokenizer's <c>vocab.json</c> and <c>merges.txt</c>, or null when the source had none.</summary>
    public string? TokenizerFolder { get; init; }

    /// <summary>Closes the three weight sources (and the files they map).</summary>
    public void Dispose()
    {
        TextEncoder.Dispose();
        UNet.Dispose();
        Vae.Dispose();
    }
}
