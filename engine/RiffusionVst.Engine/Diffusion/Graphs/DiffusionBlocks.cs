using RiffusionVst.Engine.Diffusion.Graphs.Onnx;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// The blocks of diffusers 0.9's UNet and VAE (<c>ResnetBlock2D</c>, <c>Transformer2DModel</c>, <c>AttentionBlock</c>,
/// <c>Downsample2D</c>, <c>Upsample2D</c>) over their state-dict names.
/// </summary>
internal static class DiffusionBlocks
{
    /// <summary>
    /// ResnetBlock2D: norm1 → SiLU → conv1 (+ time projection of SiLU(temb)) → norm2 → SiLU → conv2, added to the
    /// input (through a 1×1 conv_shortcut when the channel count changes).
    /// </summary>
    public static string Resnet(this GraphContext g, string x, string prefix, long inChannels, long outChannels, int groups, double eps, string? timeEmbedding, long timeChannels)
    {
        string h = g.GroupNorm(x, $"{prefix}.norm1", inChannels, groups, eps, silu: true);
        h = g.Conv(h, $"{prefix}.conv1", inChannels, outChannels, 3);
        if (timeEmbedding is not null)
        {
            string projected = g.Linear(g.SiLU(timeEmbedding), $"{prefix}.time_emb_proj", timeChannels, outChannels);
            h = g.Node("Add", [h, g.Node("Unsqueeze", [projected, g.Int64s(2, 3)])]);
        }

        h = g.GroupNorm(h, $"{prefix}.norm2", outChannels, groups, eps, silu: true);
        h = g.Conv(h, $"{prefix}.conv2", outChannels, outChannels, 3);
        string shortcut = inChannels == outChannels ? x : g.Conv(x, $"{prefix}.conv_shortcut", inChannels, outChannels, 1);
        return g.Node("Add", [shortcut, h]);
    }

    /// <summary>
    /// Transformer2DModel with one BasicTransformerBlock: group norm (ε 1e-6) → proj_in → self-attention, cross-attention
    /// over the text, GEGLU feed-forward (each pre-norm and residual) → proj_out, added to the input.
    /// </summary>
    public static string Transformer(this GraphContext g, string x, string prefix, long channels, int heads, int groups, string text, long textChannels, bool linearProjection)
    {
        long headDim = channels / heads;
        long inner = heads * headDim;
        string normed = g.GroupNorm(x, $"{prefix}.norm", channels, groups, 1e-6);
        string tokens;
        string? imageShape = null;
        if (linearProjection)
        {
            imageShape = g.Node("Shape", [normed]);
            tokens = g.Linear(ToTokens(g, normed), $"{prefix}.proj_in", channels, inner);
        }
        else
        {
            string projected = g.Conv(normed, $"{prefix}.proj_in", channels, inner, 1);
            imageShape = g.Node("Shape", [projected]);
            tokens = ToTokens(g, projected);
        }

        string block = $"{prefix}.transformer_blocks.0";
        string h = tokens;
        string n1 = g.LayerNorm(h, $"{block}.norm1", inner, 1e-5);
        h = g.Node("Add", [g.CrossAttention(n1, n1, $"{block}.attn1", inner, inner, heads), h]);
        string n2 = g.LayerNorm(h, $"{block}.norm2", inner, 1e-5);
        h = g.Node("Add", [g.CrossAttention(n2, text, $"{block}.attn2", inner, textChannels, heads), h]);
        string n3 = g.LayerNorm(h, $"{block}.norm3", inner, 1e-5);
        h = g.Node("Add", [g.GegluFeedForward(n3, $"{block}.ff", inner), h]);

        string image = linearProjection
            ? ToImage(g, g.Linear(h, $"{prefix}.proj_out", inner, channels), imageShape)
            : g.Conv(ToImage(g, h, imageShape), $"{prefix}.proj_out", inner, channels, 1);
        return g.Node("Add", [image, x]);
    }

    /// <summary>diffusers' CrossAttention: to_q over x, to_k/to_v over the context (all without bias), heads, to_out.0.</summary>
    public static string CrossAttention(this GraphContext g, string x, string context, string prefix, long inner, long contextChannels, int heads)
    {
        long headDim = inner / heads;
        string q = g.Linear(x, $"{prefix}.to_q", inner, inner, bias: false);
        string k = g.Linear(context, $"{prefix}.to_k", contextChannels, inner, bias: false);
        string v = g.Linear(context, $"{prefix}.to_v", contextChannels, inner, bias: false);
        string attended = g.Attention(q, k, v, heads, headDim, 1f / MathF.Sqrt(headDim));
        return g.Linear(attended, $"{prefix}.to_out.0", inner, inner);
    }

    /// <summary>FeedForward with GEGLU: proj to 2·4·dim, value half × GELU(gate half), then back to dim.</summary>
    public static string GegluFeedForward(this GraphContext g, string x, string prefix, long dim)
    {
        long hidden = 4 * dim;
        string projected = g.Linear(x, $"{prefix}.net.0.proj", dim, 2 * hidden);
        string value = g.Node("Slice", [projected, g.Int64s(0), g.Int64s(hidden), g.Int64s(-1)]);
        string gate = g.Node("Slice", [projected, g.Int64s(hidden), g.Int64s(2 * hidden), g.Int64s(-1)]);
        return g.Linear(g.Node("Mul", [value, g.Gelu(gate)]), $"{prefix}.net.2", hidden, dim);
    }

    /// <summary>
    /// The VAE's AttentionBlock (diffusers 0.9 names query/key/value/proj_attn): one head over all pixels,
    /// added to the input.
    /// </summary>
    public static string VaeAttention(this GraphContext g, string x, string prefix, long channels, int groups, double eps)
    {
        string normed = g.GroupNorm(x, $"{prefix}.group_norm", channels, groups, eps);
        string tokens = ToTokens(g, normed);
        string q = g.Linear(tokens, $"{prefix}.query", channels, channels);
        string k = g.Linear(tokens, $"{prefix}.key", channels, channels);
        string v = g.Linear(tokens, $"{prefix}.value", channels, channels);
        string attended = g.Attention(q, k, v, 1, channels, 1f / MathF.Sqrt(channels));
        string projected = g.Linear(attended, $"{prefix}.proj_attn", channels, channels);
        return g.Node("Add", [ToImage(g, projected, g.Node("Shape", [x])), x]);
    }

    /// <summary>Downsample2D: a stride-2 3×3 conv; with padding 0 the input is first padded by one on the bottom and right (the VAE's form).</summary>
    public static string Downsample(this GraphContext g, string x, string prefix, long channels, int padding)
    {
        if (padding == 0)
        {
            x = g.Node("Pad", [x, g.Int64s(0, 0, 0, 0, 0, 0, 1, 1)]);
        }

        return g.Conv(x, $"{prefix}.conv", channels, channels, 3, stride: 2, padding: padding);
    }

    /// <summary>
    /// Upsample2D: nearest-neighbour to <paramref name="sizeLike"/>'s height and width (PyTorch's <c>nearest</c>:
    /// source index ⌊dst·in/out⌋), or to twice the size when null, then a 3×3 conv.
    /// </summary>
    public static string Upsample(this GraphContext g, string x, string prefix, long channels, string? sizeLike)
    {
        OnnxAttribute[] nearest =
        [
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"),
        ];
        string resized;
        if (sizeLike is null)
        {
            resized = g.Node("Resize", [x, string.Empty, g.Float32Tensor($"{prefix}.scales", [4], [1f, 1f, 2f, 2f])], nearest);
        }
        else
        {
            string batchAndChannels = g.Node("Slice", [g.Node("Shape", [x]), g.Int64s(0), g.Int64s(2)]);
            string heightAndWidth = g.Node("Slice", [g.Node("Shape", [sizeLike]), g.Int64s(2), g.Int64s(4)]);
            string sizes = g.Node("Concat", [batchAndChannels, heightAndWidth], OnnxAttribute.Int("axis", 0));
            resized = g.Node("Resize", [x, string.Empty, string.Empty, sizes], nearest);
        }

        return g.Conv(resized, $"{prefix}.conv", channels, channels, 3);
    }

    /// <summary>[B, C, H, W] → [B, H·W, C].</summary>
    private static string ToTokens(GraphContext g, string image) =>
        g.Node("Transpose", [g.Node("Reshape", [image, g.Int64s(0, 0, -1)])], OnnxAttribute.Ints("perm", 0, 2, 1));

    /// <summary>[B, H·W, C] → [B, C, H, W] with the shape of <paramref name="imageShape"/>.</summary>
    private static string ToImage(GraphContext g, string tokens, string imageShape) =>
        g.Node("Reshape", [g.Node("Transpose", [tokens], OnnxAttribute.Ints("perm", 0, 2, 1)), imageShape]);
}
