using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>One graph input or output as the session metadata reports it.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="ElementType">The element type (Float, Float16, Int32, Int64, …).</param>
/// <param name="Dimensions">Each dimension's fixed size, or −1 where it is dynamic.</param>
/// <param name="DimensionNames">Each dimension's symbolic name ("batch") where the exporter gave one, else empty.</param>
public sealed record TensorDescription(
    string Name,
    TensorElementType ElementType,
    IReadOnlyList<long> Dimensions,
    IReadOnlyList<string> DimensionNames)
{
    /// <summary>The number of dimensions.</summary>
    public int Rank => Dimensions.Count;

    /// <summary>True when dimension <paramref name="index"/> has no fixed size.</summary>
    public bool IsDynamic(int index) => Dimensions[index] < 0;

    /// <summary>The shape written like "[batch, 4, height, width]".</summary>
    public string ShapeText => "[" + string.Join(", ", Dimensions.Select((d, i) => d >= 0
        ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : DimensionNames[i].Length > 0 ? DimensionNames[i] : "?")) + "]";

    /// <summary>The element type in ONNX's lower-case spelling ("float16", "int64").</summary>
    public string ElementTypeText => ElementType switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        _ => ElementType.ToString().ToLowerInvariant(),
    };

    /// <summary>"name float16 [batch, 4, height, width]".</summary>
    public override string ToString() => $"{Name} {ElementTypeText} {ShapeText}";

    /// <summary>Reads a description from session metadata.</summary>
    internal static TensorDescription From(string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            return new TensorDescription(name, TensorElementType.DataTypeMax, [], []);
        }

        long[] dims = metadata.Dimensions.Select(d => (long)d).ToArray();
        string[] symbols = metadata.SymbolicDimensions ?? [];
        string[] names = dims.Select((_, i) => i < symbols.Length ? symbols[i] ?? string.Empty : string.Empty).ToArray();
        return new TensorDescription(name, metadata.ElementDataType, dims, names);
    }
}
