using RiffusionVst.Engine.Diffusion.Model;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>How the graph builder writes the ONNX model folder.</summary>
public sealed record GraphBuildOptions
{
    /// <summary>Float type of weights and activations (fp16 keeps norm statistics and softmax accurate).</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Float32;

    /// <summary>
    /// Also use fused ONNX Runtime ops that only the CUDA provider runs (e.g. fused group norm). Unverified until
    /// they have run on a GPU; the default graphs use only ops the CPU provider runs too.
    /// </summary>
    public bool CudaOnlyOps { get; init; }

    /// <summary>
    /// Runs the UNet's and VAE's attention as ONNX Runtime's fused <c>com.microsoft.MultiHeadAttention</c>, which the CPU
    /// provider runs too (the golden-value tests check both forms). On by default: it never holds the whole score matrix,
    /// so one full-size SD 1.5 UNet call (fp32, batch 2, 64×64, two cores, no weight prepacking) peaks at 5.0 GB instead
    /// of 9.3 GB and takes 14.2 CPU-s instead of 16.0.
    /// </summary>
    public bool FusedAttention { get; init; } = true;

    /// <summary>Receives one line per finished stage (for a progress display), or null.</summary>
    public IProgress<string>? Progress { get; init; }
}
