namespace RiffusionVst.Engine.Diffusion.TinyModel.Onnx;

/// <summary>
/// Collects the inputs, outputs, weights and nodes of one ONNX graph and writes it as a ModelProto file,
/// optionally with the weights in a separate external-data file as large exports do.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The opset the tiny graphs are written against (attribute forms of ReduceMean etc.).</summary>
    public const int OpsetVersion = 17;

    private const int IrVersion = 8;

    /// <summary>Tensors smaller than this stay inside the graph, as onnx's own external-data converter does by default.</summary>
    private const int ExternalDataThreshold = 1024;

    private readonly string _graphName;
    private readonly List<ProtobufWriter> _inputs = [];
    private readonly List<ProtobufWriter> _outputs = [];
    private readonly List<ProtobufWriter> _nodes = [];
    private readonly List<(string Name, OnnxDataType Type, long[] Dims, byte[] Data)> _initializers = [];
    private int _nodeCount;

    /// <summary>Starts an empty graph with the given name.</summary>
    public OnnxGraphBuilder(string graphName) => _graphName = graphName;

    /// <summary>Declares a graph input.</summary>
    public void AddInput(string name, OnnxDataType type, params OnnxDimension[] shape) => _inputs.Add(ValueInfo(name, type, shape));

    /// <summary>Declares a graph output.</summary>
    public void AddOutput(string name, OnnxDataType type, params OnnxDimension[] shape) => _outputs.Add(ValueInfo(name, type, shape));

    /// <summary>Adds a constant tensor (weight) from raw little-endian bytes.</summary>
    public string AddInitializer(string name, OnnxDataType type, long[] dims, byte[] data)
    {
        _initializers.Add((name, type, dims, data));
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
    public void AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
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

        _nodes.Add(node);
    }

    /// <summary>
    /// Writes the model to <paramref name="modelPath"/>. With <paramref name="externalDataFileName"/> every weight
    /// of at least 1 KiB goes into that file (next to the model) and the graph only records its location, offset
    /// and length; small constants (shapes, biases) stay inline so shape inference can read them.
    /// </summary>
    public void Save(string modelPath, string? externalDataFileName = null)
    {
        var graph = new ProtobufWriter();
        foreach (ProtobufWriter node in _nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, _graphName);

        FileStream? dataFile = externalDataFileName is null
            ? null
            : File.Create(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, externalDataFileName));
        try
        {
            foreach (var (name, type, dims, data) in _initializers)
            {
                var tensor = new ProtobufWriter();
                foreach (long dim in dims)
                {
                    tensor.Int(1, dim);
                }

                tensor.Int(2, (int)type).String(8, name);
                if (dataFile is null || data.Length < ExternalDataThreshold)
                {
                    tensor.Bytes(9, data);
                }
                else
                {
                    long offset = dataFile.Position;
                    dataFile.Write(data);
                    tensor.Message(13, Entry("location", externalDataFileName!))
                        .Message(13, Entry("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                        .Message(13, Entry("length", data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                        .Int(14, 1); // DataLocation.EXTERNAL
                }

                graph.Message(5, tensor);
            }
        }
        finally
        {
            dataFile?.Dispose();
        }

        foreach (ProtobufWriter input in _inputs)
        {
            graph.Message(11, input);
        }

        foreach (ProtobufWriter output in _outputs)
        {
            graph.Message(12, output);
        }

        var opset = new ProtobufWriter().String(1, string.Empty).Int(2, OpsetVersion);
        var model = new ProtobufWriter()
            .Int(1, IrVersion)
            .String(2, "RiffusionVst.TinyModelGenerator")
            .String(3, "1")
            .Message(7, graph)
            .Message(8, opset);
        File.WriteAllBytes(modelPath, model.ToArray());
    }

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
