using System.Buffers;
using System.Runtime.InteropServices;
using RiffusionVst.Engine.Diffusion.Graphs.Onnx;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// One graph under construction: its nodes, its constants and its weights, read from a weight source, checked
/// against the shape the config implies, converted to the model's float type and streamed to the data file.
/// Without a source it only lists the tensors it would need (for random test weights).
/// </summary>
internal sealed class GraphContext : IDisposable
{
    private readonly IWeightSource? _weights;
    private readonly TensorCatalog? _catalog;
    private readonly string _component;
    private readonly CancellationToken _cancellation;
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private int _constantCount;

    /// <summary>Starts a graph that reads its weights from <paramref name="weights"/>, or only lists them into <paramref name="catalog"/>.</summary>
    public GraphContext(string component, ModelPrecision precision, bool cudaOnlyOps, IWeightSource? weights, TensorCatalog? catalog, CancellationToken cancellation = default)
    {
        _cancellation = cancellation;
        _component = component;
        _weights = weights;
        _catalog = catalog;
        Precision = precision;
        CudaOnlyOps = cudaOnlyOps;
        Graph = new OnnxGraphBuilder(component);
    }

    /// <summary>The ONNX graph being written.</summary>
    public OnnxGraphBuilder Graph { get; }

    /// <summary>Float type of weights and activations.</summary>
    public ModelPrecision Precision { get; }

    /// <summary>True to use fused ops only the CUDA provider runs.</summary>
    public bool CudaOnlyOps { get; }

    /// <summary>True to run unmasked attention as ONNX Runtime's fused com.microsoft.MultiHeadAttention (CPU and CUDA).</summary>
    public bool FusedAttention { get; init; }

    /// <summary>True for a float16 model.</summary>
    public bool IsHalf => Precision == ModelPrecision.Float16;

    /// <summary>The ONNX type of activations.</summary>
    public OnnxDataType FloatType => IsHalf ? OnnxDataType.Float16 : OnnxDataType.Float;

    /// <summary>Names of the source tensors used so far.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a node of the default domain and returns its output.</summary>
    public string Node(string op, string[] inputs, params OnnxAttribute[] attributes) => Graph.AddNode(op, inputs, attributes);

    /// <summary>Adds a com.microsoft contrib node and returns its output.</summary>
    public string ContribNode(string op, string[] inputs, params OnnxAttribute[] attributes)
    {
        string output = $"{op.ToLowerInvariant()}_{_constantCount++}_contrib";
        Graph.AddNode(op, OnnxGraphBuilder.MicrosoftDomain, inputs, [output], attributes);
        return output;
    }

    /// <summary>An int64 vector constant (shapes, axes), shared between uses.</summary>
    public string Int64s(params long[] values) =>
        Constant("i64:" + string.Join(',', values), name => Graph.AddInitializer(name, OnnxDataType.Int64, [values.Length], MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>A scalar in the activation type.</summary>
    public string Scalar(float value) => IsHalf
        ? Constant($"f16:{value:R}", name => Graph.AddInitializer(name, OnnxDataType.Float16, [], MemoryMarshal.AsBytes(new[] { (Half)value }.AsSpan())))
        : Float32Scalar(value);

    /// <summary>A float32 scalar.</summary>
    public string Float32Scalar(float value) =>
        Constant($"f32:{value:R}", name => Graph.AddInitializer(name, OnnxDataType.Float, [], MemoryMarshal.AsBytes(new[] { value }.AsSpan())));

    /// <summary>A float32 tensor constant (not shared).</summary>
    public string Float32Tensor(string name, long[] dims, float[] values) =>
        Graph.AddInitializer(name, OnnxDataType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>Casts an activation to float32 (no node in a float32 model).</summary>
    public string ToFloat32(string value) => IsHalf ? Node("Cast", [value], OnnxAttribute.Int("to", (int)OnnxDataType.Float)) : value;

    /// <summary>Casts a float32 value to the activation type (no node in a float32 model).</summary>
    public string ToModel(string value) => IsHalf ? Node("Cast", [value], OnnxAttribute.Int("to", (int)OnnxDataType.Float16)) : value;

    /// <summary>
    /// The weight <paramref name="name"/> of the expected PyTorch <paramref name="shape"/>, in the activation type (or
    /// float32 when <paramref name="float32"/>), laid out as <paramref name="layout"/> says.
    /// </summary>
    public string Weight(string name, long[] shape, WeightLayout layout = WeightLayout.AsStored, bool float32 = false)
    {
        long[] dims = layout switch
        {
            WeightLayout.Transposed => [shape[1], shape[0]],
            WeightLayout.PerChannel => [shape[0], 1, 1],
            _ => shape,
        };
        if (_weights is null)
        {
            _catalog!.Add(name, shape);
            return name;
        }

        _cancellation.ThrowIfCancellationRequested();
        WeightTensor tensor = _weights.Get(name);
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw new WeightFileException(
                $"{_component} tensor '{name}' has shape [{string.Join(", ", tensor.Shape)}] but the config.json implies [{string.Join(", ", shape)}]; the weights and config.json do not belong together.");
        }

        Used.Add(name);
        int count = checked((int)tensor.ElementCount);
        float[] values = ArrayPool<float>.Shared.Rent(count);
        float[]? transposed = null;
        try
        {
            if (tensor.DataType == WeightDataType.Float32 && BitConverter.IsLittleEndian)
            {
                MemoryMarshal.Cast<byte, float>(tensor.Bytes).CopyTo(values);
            }
            else
            {
                tensor.CopyTo(values.AsSpan(0, count));
            }

            Span<float> data = values.AsSpan(0, count);
            if (layout == WeightLayout.Transposed)
            {
                transposed = ArrayPool<float>.Shared.Rent(count);
                Transpose(data, (int)shape[0], (int)shape[1], transposed);
                data = transposed.AsSpan(0, count);
            }

            if (IsHalf && !float32)
            {
                Half[] halves = ArrayPool<Half>.Shared.Rent(count);
                for (int i = 0; i < count; i++)
                {
                    halves[i] = (Half)data[i];
                }

                Graph.AddInitializer(name, OnnxDataType.Float16, dims, MemoryMarshal.AsBytes(halves.AsSpan(0, count)));
                ArrayPool<Half>.Shared.Return(halves);
            }
            else
            {
                Graph.AddInitializer(name, OnnxDataType.Float, dims, MemoryMarshal.AsBytes(data));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
            if (transposed is not null)
            {
                ArrayPool<float>.Shared.Return(transposed);
            }
        }

        return name;
    }

    /// <summary>Closes the data file if the graph was never saved.</summary>
    public void Dispose() => Graph.Dispose();

    private static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = source.Slice(r * columns, columns);
            for (int c = 0; c < columns; c++)
            {
                destination[c * rows + r] = row[c];
            }
        }
    }

    private string Constant(string key, Func<string, string> add)
    {
        if (!_constants.TryGetValue(key, out string? name))
        {
            name = add($"const_{_constantCount++}");
            _constants.Add(key, name);
        }

        return name;
    }
}
