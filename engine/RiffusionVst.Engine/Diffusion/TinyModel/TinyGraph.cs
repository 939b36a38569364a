using System.Runtime.InteropServices;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel.Onnx;

namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>
/// Graph-building shortcuts for the tiny model: weights in the model's precision (cast to float32 inside the
/// graph so every op runs on any execution provider), and float inputs/outputs in the model's precision.
/// </summary>
internal sealed class TinyGraph
{
    private readonly ModelPrecision _precision;
    private readonly DeterministicRandom _random;

    /// <summary>Starts a graph whose float tensors use <paramref name="precision"/>.</summary>
    public TinyGraph(string name, ModelPrecision precision, DeterministicRandom random)
    {
        Builder = new OnnxGraphBuilder(name);
        _precision = precision;
        _random = random;
    }

    /// <summary>The underlying graph.</summary>
    public OnnxGraphBuilder Builder { get; }

    /// <summary>The ONNX type of float inputs and outputs.</summary>
    public OnnxDataType FloatType => _precision == ModelPrecision.Float16 ? OnnxDataType.Float16 : OnnxDataType.Float;

    /// <summary>A random weight in [−scale, scale), returned as a float32 value name.</summary>
    public string RandomWeight(string name, long[] dims, float scale)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        for (long i = 0; i < count; i++)
        {
            values[i] = _random.NextSigned() * scale;
        }

        return Weight(name, dims, values);
    }

    /// <summary>A weight with given values, stored in the model's precision, returned as a float32 value name.</summary>
    public string Weight(string name, long[] dims, float[] values)
    {
        if (_precision == ModelPrecision.Float32)
        {
            return Builder.AddInitializer(name, OnnxDataType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }

        var halves = new Half[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
        }

        Builder.AddInitializer(name, OnnxDataType.Float16, dims, MemoryMarshal.AsBytes(halves.AsSpan()).ToArray());
        return ToFloat(name);
    }

    /// <summary>An int64 constant (shapes, axes).</summary>
    public string Int64Constant(string name, params long[] values) =>
        Builder.AddInitializer(name, OnnxDataType.Int64, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>An int32 constant.</summary>
    public string Int32Constant(string name, params int[] values) =>
        Builder.AddInitializer(name, OnnxDataType.Int32, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>Declares a float input in the model's precision and returns it as float32.</summary>
    public string FloatInput(string name, params OnnxDimension[] shape)
    {
        Builder.AddInput(name, FloatType, shape);
        return _precision == ModelPrecision.Float16 ? ToFloat(name) : name;
    }

    /// <summary>Declares a float output in the model's precision, fed by the float32 value <paramref name="value"/>.</summary>
    public void FloatOutput(string name, string value, params OnnxDimension[] shape)
    {
        if (_precision == ModelPrecision.Float16)
        {
            Builder.AddNode("Cast", [value], [name], OnnxAttribute.Int("to", (int)OnnxDataType.Float16));
        }
        else
        {
            Builder.AddNode("Identity", [value], [name]);
        }

        Builder.AddOutput(name, FloatType, shape);
    }

    /// <summary>Casts any value to float32.</summary>
    public string ToFloat(string value) => Builder.AddNode("Cast", [value], OnnxAttribute.Int("to", (int)OnnxDataType.Float));

    /// <summary>A same-padded 3×3 (or k×k, stride k when <paramref name="patch"/>) convolution.</summary>
    public string Conv(string input, string name, long outChannels, long inChannels, long kernel, float scale, bool patch = false)
    {
        string weight = RandomWeight($"{name}.weight", [outChannels, inChannels, kernel, kernel], scale);
        string bias = RandomWeight($"{name}.bias", [outChannels], scale * 0.5f);
        long pad = patch ? 0 : kernel / 2;
        long stride = patch ? kernel : 1;
        return Builder.AddNode(
            "Conv",
            [input, weight, bias],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad),
            OnnxAttribute.Ints("strides", stride, stride));
    }
}
