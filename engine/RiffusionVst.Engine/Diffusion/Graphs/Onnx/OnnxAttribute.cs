namespace RiffusionVst.Engine.Diffusion.Graphs.Onnx;

/// <summary>A node attribute (AttributeProto) of one of the kinds the graph builder needs.</summary>
internal sealed class OnnxAttribute
{
    // AttributeProto.AttributeType values from onnx.proto.
    private const int TypeFloat = 1;
    private const int TypeInt = 2;
    private const int TypeString = 3;
    private const int TypeInts = 7;

    private readonly Action<ProtobufWriter> _writeValue;
    private readonly int _type;

    private OnnxAttribute(string name, int type, Action<ProtobufWriter> writeValue)
    {
        Name = name;
        _type = type;
        _writeValue = writeValue;
    }

    /// <summary>The attribute name.</summary>
    public string Name { get; }

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, TypeInt, w => w.Int(3, value));

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, TypeFloat, w => w.Float(2, value));

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute String(string name, string value) => new(name, TypeString, w => w.String(4, value));

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) =>
        new(name, TypeInts, w =>
        {
            // Repeated fields of AttributeProto are unpacked in onnx.proto (proto2); write one entry per value.
            foreach (long value in values)
            {
                w.Int(8, value);
            }
        });

    /// <summary>Serialises the attribute as an AttributeProto message.</summary>
    public ProtobufWriter ToProto()
    {
        var proto = new ProtobufWriter().String(1, Name);
        _writeValue(proto);
        return proto.Int(20, _type);
    }
}
