using RiffusionVst.Engine.Diffusion.Graphs.Onnx;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// The neural-network layers the three components share, as ONNX nodes over PyTorch-named weights. In a float16
/// model the statistics of group and layer norms and the softmax are computed in float32 (cast around them), the
/// rest in float16.
/// </summary>
internal static class Layers
{
    /// <summary>x·Wᵀ + b of a PyTorch <c>nn.Linear</c> [out, in] over the last axis.</summary>
    public static string Linear(this GraphContext g, string x, string prefix, long inFeatures, long outFeatures, bool bias = true)
    {
        string y = g.Node("MatMul", [x, g.Weight($"{prefix}.weight", [outFeatures, inFeatures], WeightLayout.Transposed)]);
        return bias ? g.Node("Add", [y, g.Weight($"{prefix}.bias", [outFeatures])]) : y;
    }

    /// <summary>A PyTorch <c>nn.Conv2d</c> with a square kernel, bias, and symmetric padding.</summary>
    public static string Conv(this GraphContext g, string x, string prefix, long inChannels, long outChannels, long kernel, long stride = 1, long padding = -1)
    {
        long pad = padding < 0 ? kernel / 2 : padding;
        return g.Node(
            "Conv",
            [x, g.Weight($"{prefix}.weight", [outChannels, inChannels, kernel, kernel]), g.Weight($"{prefix}.bias", [outChannels])],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad),
            OnnxAttribute.Ints("strides", stride, stride));
    }

    /// <summary>x·σ(x).</summary>
    public static string SiLU(this GraphContext g, string x) => g.Node("Mul", [x, g.Node("Sigmoid", [x])]);

    /// <summary>x·σ(1.702x), CLIP's activation.</summary>
    public static string QuickGelu(this GraphContext g, string x) => g.Node("Mul", [x, g.Node("Sigmoid", [g.Node("Mul", [x, g.Scalar(1.702f)])])]);

    /// <summary>The exact (erf) GELU, ½x(1 + erf(x/√2)); ONNX Runtime fuses this pattern into its Gelu kernel.</summary>
    public static string Gelu(this GraphContext g, string x)
    {
        string erf = g.Node("Erf", [g.Node("Div", [x, g.Scalar(MathF.Sqrt(2f))])]);
        return g.Node("Mul", [g.Node("Mul", [x, g.Node("Add", [erf, g.Scalar(1f)])]), g.Scalar(0.5f)]);
    }

    /// <summary>
    /// PyTorch <c>nn.GroupNorm</c> over NCHW: statistics per group in float32 (instance norm of the [B, G, −1] view,
    /// the pattern ONNX exporters write), then the per-channel scale and shift, optionally followed by SiLU.
    /// With <see cref="GraphContext.CudaOnlyOps"/> the fused NHWC <c>com.microsoft.GroupNorm</c> is used instead.
    /// </summary>
    public static string GroupNorm(this GraphContext g, string x, string prefix, long channels, int groups, double eps, bool silu = false)
    {
        if (g.CudaOnlyOps)
        {
            string nhwc = g.Node("Transpose", [x], OnnxAttribute.Ints("perm", 0, 2, 3, 1));
            string normed = g.ContribNode(
                "GroupNorm",
                [nhwc, g.Weight($"{prefix}.weight", [channels], float32: true), g.Weight($"{prefix}.bias", [channels], float32: true)],
                OnnxAttribute.Float("epsilon", (float)eps),
                OnnxAttribute.Int("groups", groups),
                OnnxAttribute.Int("activation", silu ? 1 : 0),
                OnnxAttribute.Int("channels_last", 1));
            return g.Node("Transpose", [normed], OnnxAttribute.Ints("perm", 0, 3, 1, 2));
        }

        string x32 = g.ToFloat32(x);
        string grouped = g.Node("Reshape", [x32, g.Int64s(0, groups, -1)]);
        string ones = g.Float32Tensor($"{prefix}.group_scale", [groups], Enumerable.Repeat(1f, groups).ToArray());
        string zeros = g.Float32Tensor($"{prefix}.group_shift", [groups], new float[groups]);
        string normalised = g.Node("InstanceNormalization", [grouped, ones, zeros], OnnxAttribute.Float("epsilon", (float)eps));
        string shaped = g.Node("Reshape", [normalised, g.Node("Shape", [x32])]);
        string scaled = g.Node("Mul", [shaped, g.Weight($"{prefix}.weight", [channels], WeightLayout.PerChannel, float32: true)]);
        string shifted = g.ToModel(g.Node("Add", [scaled, g.Weight($"{prefix}.bias", [channels], WeightLayout.PerChannel, float32: true)]));
        return silu ? g.SiLU(shifted) : shifted;
    }

    /// <summary>PyTorch <c>nn.LayerNorm</c> over the last axis, computed in float32.</summary>
    public static string LayerNorm(this GraphContext g, string x, string prefix, long features, double eps)
    {
        string normed = g.Node(
            "LayerNormalization",
            [g.ToFloat32(x), g.Weight($"{prefix}.weight", [features], float32: true), g.Weight($"{prefix}.bias", [features], float32: true)],
            OnnxAttribute.Int("axis", -1),
            OnnxAttribute.Float("epsilon", (float)eps));
        return g.ToModel(normed);
    }

    /// <summary>
    /// Scaled dot-product attention of [B, Tq, H·D] queries over [B, Tk, H·D] keys and values, split into
    /// <paramref name="heads"/> heads: softmax(q·kᵀ·scale + mask)·v, the softmax in float32; the float32
    /// <paramref name="mask"/> ([Tq, Tk], additive) may be null. Returns [B, Tq, H·D].
    /// </summary>
    public static string Attention(this GraphContext g, string q, string k, string v, int heads, long headDim, float scale, string? mask = null)
    {
        if (g.FusedAttention && mask is null)
        {
            return g.ContribNode("MultiHeadAttention", [q, k, v], OnnxAttribute.Int("num_heads", heads), OnnxAttribute.Float("scale", scale));
        }

        string split = g.Int64s(0, 0, heads, headDim);
        string qh = g.Node("Transpose", [g.Node("Reshape", [g.Node("Mul", [q, g.Scalar(scale)]), split])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        string kh = g.Node("Transpose", [g.Node("Reshape", [k, split])], OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        string vh = g.Node("Transpose", [g.Node("Reshape", [v, split])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        string scores = g.ToFloat32(g.Node("MatMul", [qh, kh]));
        if (mask is not null)
        {
            scores = g.Node("Add", [scores, mask]);
        }

        string probabilities = g.ToModel(g.Node("Softmax", [scores], OnnxAttribute.Int("axis", -1)));
        string context = g.Node("Transpose", [g.Node("MatMul", [probabilities, vh])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        return g.Node("Reshape", [context, g.Int64s(0, 0, heads * headDim)]);
    }
}
