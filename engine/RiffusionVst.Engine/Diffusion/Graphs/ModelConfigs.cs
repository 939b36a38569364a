using RiffusionVst.Engine.Diffusion.Graphs.Configs;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>The three component configs one model's graphs are built from.</summary>
internal sealed record ModelConfigs(ClipTextConfig TextEncoder, UNetConfig UNet, VaeConfig Vae)
{
    /// <summary>Checks that the components fit together (the UNet reads the text encoder's features).</summary>
    public void Check()
    {
        TextEncoder.Check();
        UNet.Check();
        Vae.Check();
        if (UNet.CrossAttentionDim != TextEncoder.HiddenSize)
        {
            throw new GraphBuildException(
                $"unet config.json: cross_attention_dim {UNet.CrossAttentionDim} does not match the text encoder's hidden_size {TextEncoder.HiddenSize}; the components do not belong to one model.");
        }
    }
}
