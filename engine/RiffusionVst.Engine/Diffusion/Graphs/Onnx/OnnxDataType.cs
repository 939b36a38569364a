namespace RiffusionVst.Engine.Diffusion.Graphs.Onnx;

/// <summary>The TensorProto.DataType codes the graphs use (values fixed by onnx.proto).</summary>
internal enum OnnxDataType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>IEEE half-precision float.</summary>
    Float16 = 10,
}
