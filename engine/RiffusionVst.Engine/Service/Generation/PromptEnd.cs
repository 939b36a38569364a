namespace RiffusionVst.Engine.Service.Generation;

/// <summary>One end of a prompt morph as the generator sees it: an immutable copy of the wire's prompt settings.</summary>
/// <param name="Text">Prompt text, possibly with weights such as "(jazz:1.3)".</param>
/// <param name="Seed">Noise seed.</param>
/// <param name="Denoising">img2img strength in [0, 1].</param>
/// <param name="Guidance">Classifier-free guidance scale.</param>
public sealed record PromptEnd(string Text, long Seed, float Denoising, float Guidance);
