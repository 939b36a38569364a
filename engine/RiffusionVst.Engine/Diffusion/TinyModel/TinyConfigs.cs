using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Graphs.Configs;

namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>
/// The tiny model's configs: the real SD 1.x architecture at toy widths (one layer per block, three UNet levels with
/// attention only at the lowest (¼ of the latent size, so attention stays cheap), CLIP's real vocabulary size so real token ids work), small enough that a
/// denoising step takes milliseconds.
/// </summary>
internal static class TinyConfigs
{
    /// <summary>The configs for <paramref name="options"/>.</summary>
    public static ModelConfigs For(TinyModelOptions options)
    {
        int d = options.TextHiddenSize;
        int c = options.UNetChannels;
        var text = new ClipTextConfig
        {
            VocabularySize = 49408,
            HiddenSize = d,
            IntermediateSize = 2 * d,
            Layers = 1,
            Heads = d % 2 == 0 ? 2 : 1,
            MaxPositions = TinyModelGenerator.SequenceLength,
        };
        var unet = new UNetConfig
        {
            BlockOutChannels = [c, c, 2 * c],
            DownBlockTypes = [UNetConfig.Down, UNetConfig.Down, UNetConfig.CrossAttnDown],
            UpBlockTypes = [UNetConfig.CrossAttnUp, UNetConfig.Up, UNetConfig.Up],
            LayersPerBlock = 1,
            AttentionHeads = [1, 1, 2],
            CrossAttentionDim = d,
            NormGroups = c % 8 == 0 ? 8 : 1,
        };
        var vae = new VaeConfig
        {
            BlockOutChannels = [8, 8, 16, 16],
            LayersPerBlock = 1,
            NormGroups = 4,
        };
        return new ModelConfigs(text, unet, vae);
    }
}
