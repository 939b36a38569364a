using RiffusionVst.Engine.Diffusion.Graphs.Configs;
using RiffusionVst.Engine.Diffusion.Graphs.Onnx;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// diffusers 0.9's UNet2DConditionModel: sinusoidal time embedding and its MLP, conv_in, down blocks (resnets,
/// optional transformers, stride-2 downsamplers) whose outputs are kept as skips, the mid block, up blocks that
/// concatenate the skips (nearest upsampling to the skip's size, so odd latent sizes work as in diffusers), and
/// the output norm and conv.
/// </summary>
internal static class UNetGraph
{
    /// <summary>Adds the whole UNet to <paramref name="g"/>.</summary>
    public static void Build(GraphContext g, UNetConfig c, ExportConventions conventions)
    {
        OnnxDimension batch = conventions.DynamicBatch ? "batch" : 1;
        int levels = c.BlockOutChannels.Length;
        long c0 = c.BlockOutChannels[0];
        long timeChannels = 4 * c0;
        double eps = c.NormEps;
        int groups = c.NormGroups;

        g.Graph.AddInput("sample", g.FloatType, batch, c.InChannels, "height", "width");
        OnnxDataType timestepType = conventions.Int64Timestep ? OnnxDataType.Int64 : g.FloatType;
        if (conventions.TimestepPerBatch)
        {
            g.Graph.AddInput("timestep", timestepType, batch);
        }
        else
        {
            g.Graph.AddInput("timestep", timestepType);
        }

        g.Graph.AddInput("encoder_hidden_states", g.FloatType, batch, "sequence_length", c.CrossAttentionDim);

        string time = TimeEmbedding(g, c, c0, timeChannels);
        string sample = c.CenterInputSample ? g.Node("Sub", [g.Node("Mul", ["sample", g.Scalar(2f)]), g.Scalar(1f)]) : "sample";
        string h = g.Conv(sample, "conv_in", c.InChannels, c0, 3);
        var skips = new Stack<(string Value, long Channels)>();
        skips.Push((h, c0));

        long channels = c0;
        for (int i = 0; i < levels; i++)
        {
            long output = c.BlockOutChannels[i];
            bool attention = c.DownBlockTypes[i] == UNetConfig.CrossAttnDown;
            for (int j = 0; j < c.LayersPerBlock; j++)
            {
                h = g.Resnet(h, $"down_blocks.{i}.resnets.{j}", channels, output, groups, eps, time, timeChannels);
                channels = output;
                if (attention)
                {
                    h = g.Transformer(h, $"down_blocks.{i}.attentions.{j}", channels, c.AttentionHeads[i], groups, "encoder_hidden_states", c.CrossAttentionDim, c.UseLinearProjection);
                }

                skips.Push((h, channels));
            }

            if (i < levels - 1)
            {
                h = g.Downsample(h, $"down_blocks.{i}.downsamplers.0", channels, c.DownsamplePadding);
                skips.Push((h, channels));
            }
        }

        h = g.Resnet(h, "mid_block.resnets.0", channels, channels, groups, eps, time, timeChannels);
        h = g.Transformer(h, "mid_block.attentions.0", channels, c.AttentionHeads[^1], groups, "encoder_hidden_states", c.CrossAttentionDim, c.UseLinearProjection);
        h = g.Resnet(h, "mid_block.resnets.1", channels, channels, groups, eps, time, timeChannels);
        for (int i = 0; i < levels; i++)
        {
            int level = levels - 1 - i;
            long output = c.BlockOutChannels[level];
            bool attention = c.UpBlockTypes[i] == UNetConfig.CrossAttnUp;
            for (int j = 0; j <= c.LayersPerBlock; j++)
            {
                var (skip, skipChannels) = skips.Pop();
                string joined = g.Node("Concat", [h, skip], OnnxAttribute.Int("axis", 1));
                h = g.Resnet(joined, $"up_blocks.{i}.resnets.{j}", channels + skipChannels, output, groups, eps, time, timeChannels);
                channels = output;
                if (attention)
                {
                    h = g.Transformer(h, $"up_blocks.{i}.attentions.{j}", channels, c.AttentionHeads[level], groups, "encoder_hidden_states", c.CrossAttentionDim, c.UseLinearProjection);
                }
            }

            if (i < levels - 1)
            {
                // Upsample to the size of the next skip: twice the size, or the odd size the downsampler rounded.
                h = g.Upsample(h, $"up_blocks.{i}.upsamplers.0", channels, skips.Peek().Value);
            }
        }

        h = g.GroupNorm(h, "conv_norm_out", channels, groups, eps, silu: true);
        string result = g.Conv(h, "conv_out", channels, c.OutChannels, 3);
        g.Graph.AddNode("Identity", [result], ["out_sample"]);
        g.Graph.AddOutput("out_sample", g.FloatType, batch, c.OutChannels, "height", "width");
    }

    /// <summary>
    /// Timesteps → [B] float32 (a scalar is broadcast over the batch) → sin/cos of t·exp(−ln(10⁴)·i/(half − shift))
    /// (cosines first with flip_sin_to_cos) → linear_1 → SiLU → linear_2, in the model's type.
    /// </summary>
    private static string TimeEmbedding(GraphContext g, UNetConfig c, long c0, long timeChannels)
    {
        int half = (int)(c0 / 2);
        var frequencies = new float[half];
        for (int i = 0; i < half; i++)
        {
            frequencies[i] = MathF.Exp((float)(-Math.Log(10000) * i / (half - c.FreqShift)));
        }

        string batch = g.Node("Slice", [g.Node("Shape", ["sample"]), g.Int64s(0), g.Int64s(1)]);
        string t = g.Node("Cast", ["timestep"], OnnxAttribute.Int("to", (int)OnnxDataType.Float));
        t = g.Node("Expand", [g.Node("Reshape", [t, g.Int64s(-1)]), batch]);
        string angles = g.Node("Mul", [g.Node("Unsqueeze", [t, g.Int64s(1)]), g.Float32Tensor("time_proj.frequencies", [1, half], frequencies)]);
        string sin = g.Node("Sin", [angles]);
        string cos = g.Node("Cos", [angles]);
        string embedding = g.Node("Concat", c.FlipSinToCos ? [cos, sin] : [sin, cos], OnnxAttribute.Int("axis", 1));
        if (c0 % 2 == 1)
        {
            embedding = g.Node("Pad", [embedding, g.Int64s(0, 0, 0, 1)]);
        }

        string hidden = g.SiLU(g.Linear(g.ToModel(embedding), "time_embedding.linear_1", c0, timeChannels));
        return g.Linear(hidden, "time_embedding.linear_2", timeChannels, timeChannels);
    }
}
