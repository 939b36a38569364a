using RiffusionVst.Engine.Diffusion.Graphs.Configs;
using RiffusionVst.Engine.Diffusion.Graphs.Onnx;
using RiffusionVst.Engine.Diffusion.Model;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// diffusers 0.9's AutoencoderKL as two graphs: the encoder (down blocks, mid block with one-head attention,
/// norm, conv, quant_conv → mean and log-variance) and the decoder (post_quant_conv first, then mid block, up
/// blocks, norm, conv). All VAE norms use ε 1e-6.
/// </summary>
internal static class VaeGraphs
{
    private const double Eps = 1e-6;

    /// <summary>Adds the encoder: <c>sample</c> [B,3,H,W] → <c>latent_parameters</c> [B,8,H/8,W/8] (or the mean as <c>latent_sample</c>).</summary>
    public static void BuildEncoder(GraphContext g, VaeConfig c, ExportConventions conventions)
    {
        OnnxDimension batch = conventions.DynamicBatch ? "batch" : 1;
        int levels = c.BlockOutChannels.Length;
        int groups = c.NormGroups;
        g.Graph.AddInput("sample", g.FloatType, batch, c.InChannels, "height", "width");

        long channels = c.BlockOutChannels[0];
        string h = g.Conv("sample", "encoder.conv_in", c.InChannels, channels, 3);
        for (int i = 0; i < levels; i++)
        {
            long output = c.BlockOutChannels[i];
            for (int j = 0; j < c.LayersPerBlock; j++)
            {
                h = g.Resnet(h, $"encoder.down_blocks.{i}.resnets.{j}", channels, output, groups, Eps, null, 0);
                channels = output;
            }

            if (i < levels - 1)
            {
                h = g.Downsample(h, $"encoder.down_blocks.{i}.downsamplers.0", channels, padding: 0);
            }
        }

        h = MidBlock(g, h, "encoder.mid_block", channels, groups);
        h = g.GroupNorm(h, "encoder.conv_norm_out", channels, groups, Eps, silu: true);
        long moments = 2 * c.LatentChannels;
        h = g.Conv(h, "encoder.conv_out", channels, moments, 3);
        h = g.Conv(h, "quant_conv", moments, moments, 1);
        if (conventions.VaeEncoderOutput == VaeEncoderOutputKind.LatentParameters)
        {
            g.Graph.AddNode("Identity", [h], ["latent_parameters"]);
            g.Graph.AddOutput("latent_parameters", g.FloatType, batch, moments, "latent_height", "latent_width");
        }
        else
        {
            // Older exports return a latent; here it is the distribution's mean (deterministic), the first half.
            g.Graph.AddNode("Slice", [h, g.Int64s(0), g.Int64s(c.LatentChannels), g.Int64s(1)], ["latent_sample"]);
            g.Graph.AddOutput("latent_sample", g.FloatType, batch, c.LatentChannels, "latent_height", "latent_width");
        }
    }

    /// <summary>Adds the decoder: <c>latent_sample</c> [B,4,h,w] → <c>sample</c> [B,3,8h,8w].</summary>
    public static void BuildDecoder(GraphContext g, VaeConfig c, ExportConventions conventions)
    {
        OnnxDimension batch = conventions.DynamicBatch ? "batch" : 1;
        int levels = c.BlockOutChannels.Length;
        int groups = c.NormGroups;
        g.Graph.AddInput("latent_sample", g.FloatType, batch, c.LatentChannels, "latent_height", "latent_width");

        string h = g.Conv("latent_sample", "post_quant_conv", c.LatentChannels, c.LatentChannels, 1);
        long channels = c.BlockOutChannels[^1];
        h = g.Conv(h, "decoder.conv_in", c.LatentChannels, channels, 3);
        h = MidBlock(g, h, "decoder.mid_block", channels, groups);
        for (int i = 0; i < levels; i++)
        {
            long output = c.BlockOutChannels[levels - 1 - i];
            for (int j = 0; j <= c.LayersPerBlock; j++)
            {
                h = g.Resnet(h, $"decoder.up_blocks.{i}.resnets.{j}", channels, output, groups, Eps, null, 0);
                channels = output;
            }

            if (i < levels - 1)
            {
                h = g.Upsample(h, $"decoder.up_blocks.{i}.upsamplers.0", channels, null);
            }
        }

        h = g.GroupNorm(h, "decoder.conv_norm_out", channels, groups, Eps, silu: true);
        string image = g.Conv(h, "decoder.conv_out", channels, c.OutChannels, 3);
        g.Graph.AddNode("Identity", [image], ["sample"]);
        g.Graph.AddOutput("sample", g.FloatType, batch, c.OutChannels, "height", "width");
    }

    /// <summary>UNetMidBlock2D without time: resnet, attention, resnet.</summary>
    private static string MidBlock(GraphContext g, string h, string prefix, long channels, int groups)
    {
        h = g.Resnet(h, $"{prefix}.resnets.0", channels, channels, groups, Eps, null, 0);
        h = g.VaeAttention(h, $"{prefix}.attentions.0", channels, groups, Eps);
        return g.Resnet(h, $"{prefix}.resnets.1", channels, channels, groups, Eps, null, 0);
    }
}
