namespace RiffusionVst.Engine.Diffusion.Text;

/// <summary>A run of prompt text that carries one attention weight (1 = neutral).</summary>
/// <param name="Text">The text, with escapes resolved and brackets removed.</param>
/// <param name="Weight">Multiplier applied to the embeddings of this text's tokens.</param>
public readonly record struct PromptFragment(string Text, float Weight);
