namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>One end of a Riffusion interpolation: what to ask for, the seed of its noise, how much to repaint and how strongly to follow the text.</summary>
/// <param name="Prompt">The text prompt; supports the <c>(word:1.3)</c> / <c>[word]</c> weighting syntax.</param>
/// <param name="Seed">Seed of this end's Gaussian noise.</param>
/// <param name="Denoising">Strength s ∈ [0, 1] for img2img: 0 keeps the seed image, 1 repaints it entirely.</param>
/// <param name="Guidance">Classifier-free guidance scale g (≤ 1 runs the conditional prediction only).</param>
public sealed record PromptSettings(string Prompt, long Seed, double Denoising = PromptSettings.DefaultDenoising, double Guidance = PromptSettings.DefaultGuidance)
{
    /// <summary>Riffusion's default denoising strength.</summary>
    public const double DefaultDenoising = 0.75;

    /// <summary>Riffusion's default guidance scale.</summary>
    public const double DefaultGuidance = 7.0;
}
