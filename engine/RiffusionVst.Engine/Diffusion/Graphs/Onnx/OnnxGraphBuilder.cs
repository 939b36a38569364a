using System.Globalization;

namespace RiffusionVst.Engine.Diffusion.Graphs.Onnx;

/// <summary>
/// Collects the inputs, outputs, weights and nodes of one ONNX graph and writes it as a ModelProto file,
/// optionally with the weights in a separate external-data file as large exports do. Weights can be streamed to
/// that file as they are added (<see cref="StreamWeightsTo"/>), so a multi-gigabyte model is never held in memory.
/// </summary>
internal sealed class OnnxGraphBuilder : IDisposable
{
    /// <summary>The opset the graphs are written against (attribute forms of ReduceMean, LayerNormalization).</summary>
    public const int OpsetVersion = 17;

    /// <summary>The domain of ONNX Runtime's contrib ops (fused attention, group norm).</summary>
    public const string MicrosoftDomain = "com.microsoft";

    private const int IrVersion = 8;

    /// <summary>Tensors smaller than this stay inside the graph, as onnx's own external-data converter does by default.</summary>
    private const int ExternalDataThreshold = 1024;

    /// <summary>
    /// Streamed tensors of at least 1 MiB start at a multiple of 64 KiB (the allocation granularity onnx's own writer
    /// aligns to), so ONNX Runtime can map them from the file instead of copying them.
    /// </summary>
    private const int AlignmentThreshold = 1 << 20, Alignment = 1 << 16;

    private readonly string _graphName;
    private readonly List<ProtobufWriter> _inputs = [];
    private readonly List<ProtobufWriter> _outputs = [];
    private readonly List<ProtobufWriter> _nodes = [];
    private readonly List<(string Name, OnnxDataType Type, long[] Dims, byte[] Data)> _buffered = [];
    private readonly List<ProtobufWriter> _streamed = [];
    private FileStream? _dataFile;
    private string? _dataFileName;
    private bool _usesMicrosoftDomain;
    private int _nodeCount;

    /// <summary>Starts an empty graph with the given name.</summary>
    public OnnxGraphBuilder(string graphName) => _graphName = graphName;

    /// <summary>
    /// From now on every weight of at least 1 KiB is written straight to <paramref name="dataFilePath"/> (created or
    /// replaced); <see cref="Save"/> then records that file next to the model.
    /// </summary>
    public void StreamWeightsTo(string dataFilePath)
    {
        if (_dataFile is not null || _buffered.Count > 0)
        {
            throw new InvalidOperationException("choose streaming before adding any weight, and only once");
        }

        _dataFile = new FileStream(dataFilePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        _dataFileName = Path.GetFileName(dataFilePath);
    }

    /// <summary>Declares a graph input.</summary>
    public void AddInput(string name, OnnxDataType type, params OnnxDimension[] shape) => _inputs.Add(ValueInfo(name, type, shape));

    /// <summary>Declares a graph output.</summary>
    public void AddOutput(string name, OnnxDataType type, params OnnxDimension[] shape) => _outputs.Add(ValueInfo(name, type, shape));

    /// <summary>Adds a constant tensor (weight) from raw little-endian bytes.</summary>
    public string AddInitializer(string name, OnnxDataType type, long[] dims, byte[] data)
    {
        if (_dataFile is null)
        {
            _buffered.Add((name, type, dims, data));
            return name;
        }

        return AddInitializer(name, type, dims, (ReadOnlySpan<byte>)data);
    }

    /// <summary>Adds a constant tensor; when streaming, a large one goes to the data file now and is not kept.</summary>
    public string AddInitializer(string name, OnnxDataType type, long[] dims, ReadOnlySpan<byte> data)
    {
        if (_dataFile is null)
        {
            _buffered.Add((name, type, dims, data.ToArray()));
            return name;
        }

        var tensor = TensorHeader(name, type, dims);
        if (data.Length < ExternalDataThreshold)
        {
            tensor.Bytes(9, data);
        }
        else
        {
            if (data.Length >= AlignmentThreshold && _dataFile.Position % Alignment != 0)
            {
                _dataFile.Write(new byte[Alignment - (_dataFile.Position % Alignment)]);
            }

            long offset = _dataFile.Position;
            _dataFile.Write(data);
            External(tensor, _dataFileName!, offset, data.Length);
        }

        _streamed.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with one output, named after the node, and returns that output's name.</summary>
    public string AddNode(string opType, string[] inputs, params OnnxAttribute[] attributes)
    {
        string output = $"{opType.ToLowerInvariant()}_{_nodeCount}";
        AddNode(opType, inputs, [output], attributes);
        return output;
    }

    /// <summary>Adds a node with explicitly named outputs.</summary>
    public void AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes) =>
        AddNode(opType, string.Empty, inputs, outputs, attributes);

    /// <summary>Adds a node of an operator domain (empty for the default ONNX domain) with explicitly named outputs.</summary>
    public void AddNode(string opType, string domain, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        foreach (string output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, $"{opType}_{_nodeCount++}").String(4, opType);
        foreach (OnnxAttribute attribute in attributes)
        {
            node.Message(5, attribute.ToProto());
        }

        if (domain.Length > 0)
        {
            node.String(7, domain);
            _usesMicrosoftDomain |= domain == MicrosoftDomain;
        }

        _nodes.Add(node);
    }

    /// <summary>
    /// Writes the model to <paramref name="modelPath"/>. With <paramref name="externalDataFileName"/> every buffered weight
    /// of at least 1 KiB goes into that file (next to the model) and the graph only records its location, offset
    /// and length; small constants (shapes, biases) stay inline so shape inference can read them. A streaming builder
    /// has already written its data file and ignores the argument.
    /// </summary>
    public void Save(string modelPath, string? externalDataFileName = null)
    {
        var graph = new ProtobufWriter();
        foreach (ProtobufWriter node in _nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, _graphName);
        if (_dataFile is not null)
        {
            _dataFile.Dispose();
            _dataFile = null;
            foreach (ProtobufWriter tensor in _streamed)
            {
                graph.Message(5, tensor);
            }
        }
        else
        {
            WriteBuffered(graph, modelPath, externalDataFileName);
        }

        foreach (ProtobufWriter input in _inputs)
        {
            graph.Message(11, input);
        }

        foreach (ProtobufWriter output in _outputs)
        {
            graph.Message(12, output);
        }

        var model = new ProtobufWriter()
            .Int(1, IrVersion)
            .String(2, "RiffusionVst.ModelGraphBuilder")
            .String(3, "1")
            .Message(7, graph)
            .Message(8, new ProtobufWriter().String(1, string.Empty).Int(2, OpsetVersion));
        if (_usesMicrosoftDomain)
        {
            model.Message(8, new ProtobufWriter().String(1, MicrosoftDomain).Int(2, 1));
        }

        File.WriteAllBytes(modelPath, model.ToArray());
    }

    /// <summary>Closes the data file of a streaming builder that was never saved.</summary>
    public void Dispose() => _dataFile?.Dispose();

    private void WriteBuffered(ProtobufWriter graph, string modelPath, string? externalDataFileName)
    {
        using FileStream? dataFile = externalDataFileName is null
            ? null
            : File.Create(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, externalDataFileName));
        foreach (var (name, type, dims, data) in _buffered)
        {
            var tensor = TensorHeader(name, type, dims);
            if (dataFile is null || data.Length < ExternalDataThreshold)
            {
                tensor.Bytes(9, data);
            }
            else
            {
                long offset = dataFile.Position;
                dataFile.Write(data);
                External(tensor, externalDataFileName!, offset, data.Length);
            }

            graph.Message(5, tensor);
        }
    }

    private static ProtobufWriter TensorHeader(string name, OnnxDataType type, long[] dims)
    {
        var tensor = new ProtobufWriter();
        foreach (long dim in dims)
        {
            tensor.Int(1, dim);
        }

        return tensor.Int(2, (int)type).String(8, name);
    }

    private static void External(ProtobufWriter tensor, string fileName, long offset, long length) =>
        tensor.Message(13, Entry("location", fileName))
            .Message(13, Entry("offset", offset.ToString(CultureInfo.InvariantCulture)))
            .Message(13, Entry("length", length.ToString(CultureInfo.InvariantCulture)))
            .Int(14, 1); // DataLocation.EXTERNAL

    private static ProtobufWriter Entry(string key, string value) => new ProtobufWriter().String(1, key).String(2, value);

    private static ProtobufWriter ValueInfo(string name, OnnxDataType type, OnnxDimension[] shape)
    {
        var tensorShape = new ProtobufWriter();
        foreach (OnnxDimension dim in shape)
        {
            var dimension = new ProtobufWriter();
            if (dim.Name is null)
            {
                dimension.Int(1, dim.Value);
            }
            else
            {
                dimension.String(2, dim.Name);
            }

            tensorShape.Message(1, dimension);
        }

        var tensorType = new ProtobufWriter().Int(1, (int)type).Message(2, tensorShape);
        var typeProto = new ProtobufWriter().Message(1, tensorType);
        return new ProtobufWriter().String(1, name).Message(2, typeProto);
    }
}
