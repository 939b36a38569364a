using System.Buffers.Binary;

namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>
/// One stored tensor: its name, element type, shape and raw little-endian bytes. The bytes may live in a
/// memory-mapped file, so a reader hands out views, never copies of a whole checkpoint.
/// </summary>
public sealed class WeightTensor
{
    private readonly ReadOnlyMemory<byte> _data;

    /// <summary>Wraps raw bytes; throws when their length does not match the shape and type.</summary>
    public WeightTensor(string name, WeightDataType dataType, long[] shape, ReadOnlyMemory<byte> data)
    {
        Name = name;
        DataType = dataType;
        Shape = shape;
        long expected = ElementCount * ElementSize(dataType);
        if (data.Length != expected)
        {
            throw new WeightFileException($"tensor '{name}' has {data.Length} bytes, but its shape [{string.Join(", ", shape)}] of {dataType} needs {expected}");
        }

        _data = data;
    }

    /// <summary>The tensor's name in the engine's internal naming.</summary>
    public string Name { get; }

    /// <summary>Element type as stored.</summary>
    public WeightDataType DataType { get; }

    /// <summary>Dimensions, outermost first (PyTorch order).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    /// <summary>The raw little-endian bytes as stored.</summary>
    public ReadOnlySpan<byte> Bytes => _data.Span;

    /// <summary>The raw bytes as memory (a view into the mapped file when the reader could map it).</summary>
    public ReadOnlyMemory<byte> Memory => _data;

    /// <summary>The same bytes under another name and shape of the same element count (e.g. a 1×1 conv kernel read as a matrix).</summary>
    public WeightTensor Reshaped(string name, long[] shape) => new(name, DataType, shape, _data);

    /// <summary>Bytes of one element of <paramref name="dataType"/>.</summary>
    public static int ElementSize(WeightDataType dataType) => dataType == WeightDataType.Float32 ? 4 : 2;

    /// <summary>Converts every element to float32 into <paramref name="destination"/> (exactly <see cref="ElementCount"/> long).</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length != ElementCount)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; tensor '{Name}' has {ElementCount}", nameof(destination));
        }

        ReadOnlySpan<byte> bytes = Bytes;
        switch (DataType)
        {
            case WeightDataType.Float32:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
                }

                break;
            case WeightDataType.Float16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(2 * i, 2));
                }

                break;
            default:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i, 2)) << 16);
                }

                break;
        }
    }

    /// <summary>A new float32 copy of the elements.</summary>
    public float[] ToFloat32()
    {
        var values = new float[ElementCount];
        CopyTo(values);
        return values;
    }
}
