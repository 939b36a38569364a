namespace RiffusionVst.Engine.Diffusion.Graphs.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size or a named symbolic size.</summary>
internal readonly record struct OnnxDimension(long Value, string? Name)
{
    /// <summary>A dimension of fixed size.</summary>
    public static OnnxDimension Fixed(long value) => new(value, null);

    /// <summary>A dynamic dimension marked with a name, as exporters do ("batch", "height").</summary>
    public static OnnxDimension Symbolic(string name) => new(0, name);

    /// <summary>Lets plain numbers stand for fixed dimensions.</summary>
    public static implicit operator OnnxDimension(long value) => Fixed(value);

    /// <summary>Lets plain names stand for symbolic dimensions.</summary>
    public static implicit operator OnnxDimension(string name) => Symbolic(name);
}
