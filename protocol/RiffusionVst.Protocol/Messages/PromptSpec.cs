using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>One end of a prompt morph: text plus the settings riffusion pairs with it.</summary>
[MessagePackObject]
public sealed class PromptSpec
{
    /// <summary>Prompt text; may use weights such as "(jazz:1.3)".</summary>
    [Key(0)] public string Text { get; set; } = "";

    /// <summary>Noise seed for this end of the morph.</summary>
    [Key(1)] public long Seed { get; set; }

    /// <summary>img2img strength in [0, 1]: 0 keeps the seed image, 1 ignores it (riffusion default 0.75).</summary>
    [Key(2)] public float Denoising { get; set; } = 0.75f;

    /// <summary>Classifier-free guidance scale (riffusion default 7).</summary>
    [Key(3)] public float Guidance { get; set; } = 7f;
}
