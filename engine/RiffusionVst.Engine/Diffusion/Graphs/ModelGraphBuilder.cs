using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// Builds the four ONNX graphs (text encoder, UNet, VAE encoder, VAE decoder) of a Stable Diffusion 1.x model from
/// its configs and weights, in the folder layout <see cref="Model.ModelFolder"/> reads.
/// </summary>
public static class ModelGraphBuilder
{
    /// <summary>Writes the complete model folder to <paramref name="outputFolder"/> (created when missing).</summary>
    public static void Build(ModelWeights weights, string outputFolder, GraphBuildOptions options, CancellationToken cancellation = default)
    {
        // Placeholder of the shared contract: the graph builder's branch replaces this body.
        throw new NotSupportedException("the graph builder is not part of this build yet");
    }
}
