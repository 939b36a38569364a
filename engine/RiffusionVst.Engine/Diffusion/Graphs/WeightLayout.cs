namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>How a stored weight is laid out in the graph.</summary>
internal enum WeightLayout
{
    /// <summary>As stored (convolution kernels, embedding tables, norm vectors).</summary>
    AsStored,

    /// <summary>A linear layer's [out, in] matrix transposed to [in, out], the right operand of MatMul.</summary>
    Transposed,

    /// <summary>A [C] vector given the shape [C, 1, 1] so it broadcasts over NCHW images.</summary>
    PerChannel,
}
