using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// A tensor whose managed buffer and OrtValue are kept between runs and only rebuilt when the shape changes,
/// so repeated denoising steps allocate nothing large. Converts between our float32 and the graph's type.
/// </summary>
internal sealed class ReusableTensor : IDisposable
{
    private readonly TensorElementType _type;
    private long[] _shape = [];
    private Array? _storage;
    private OrtValue? _value;

    /// <summary>A tensor of element type <paramref name="type"/> (Float, Float16, Int32 or Int64).</summary>
    public ReusableTensor(TensorElementType type)
    {
        if (type is not (TensorElementType.Float or TensorElementType.Float16 or TensorElementType.Int32 or TensorElementType.Int64))
        {
            throw new NotSupportedException($"Tensors of element type {type} are not supported; expected float32, float16, int32 or int64.");
        }

        _type = type;
    }

    /// <summary>The OrtValue for the current shape (call <see cref="Ensure"/> first).</summary>
    public OrtValue Value => _value ?? throw new InvalidOperationException("Call Ensure(shape) before using the tensor.");

    /// <summary>Number of elements of the current shape.</summary>
    public int Length { get; private set; }

    /// <summary>The element type the graph uses.</summary>
    public TensorElementType ElementType => _type;

    /// <summary>The current shape (empty before the first <see cref="Ensure"/>).</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>Makes the buffer match <paramref name="shape"/>, reusing it when the shape is unchanged.</summary>
    public void Ensure(ReadOnlySpan<long> shape)
    {
        if (_value is not null && shape.SequenceEqual(_shape))
        {
            return;
        }

        _value?.Dispose();
        _shape = shape.ToArray();
        long length = 1;
        foreach (long dim in _shape)
        {
            length *= dim;
        }

        Length = checked((int)length);
        switch (_type)
        {
            case TensorElementType.Float:
                var floats = new float[Length];
                _storage = floats;
                _value = OrtValue.CreateTensorValueFromMemory(floats, _shape);
                break;
            case TensorElementType.Float16:
                var halves = new Float16[Length];
                _storage = halves;
                _value = OrtValue.CreateTensorValueFromMemory(halves, _shape);
                break;
            case TensorElementType.Int32:
                var ints = new int[Length];
                _storage = ints;
                _value = OrtValue.CreateTensorValueFromMemory(ints, _shape);
                break;
            default:
                var longs = new long[Length];
                _storage = longs;
                _value = OrtValue.CreateTensorValueFromMemory(longs, _shape);
                break;
        }
    }

    /// <summary>Copies float values into the buffer, converting to float16 where the graph needs it.</summary>
    public void Write(ReadOnlySpan<float> source)
    {
        CheckLength(source.Length);
        switch (_storage)
        {
            case float[] floats:
                source.CopyTo(floats);
                break;
            case Float16[] halves:
                Span<Half> target = MemoryMarshal.Cast<Float16, Half>(halves.AsSpan());
                for (int i = 0; i < source.Length; i++)
                {
                    target[i] = (Half)source[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Cannot write float values into a {_type} tensor.");
        }
    }

    /// <summary>Copies integer values (token ids) into an int32 or int64 buffer.</summary>
    public void WriteIntegers(ReadOnlySpan<int> source)
    {
        CheckLength(source.Length);
        switch (_storage)
        {
            case int[] ints:
                source.CopyTo(ints);
                break;
            case long[] longs:
                for (int i = 0; i < source.Length; i++)
                {
                    longs[i] = source[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Cannot write integer values into a {_type} tensor.");
        }
    }

    /// <summary>Sets every element to <paramref name="value"/> (rounded for integer tensors).</summary>
    public void Fill(double value)
    {
        switch (_storage)
        {
            case float[] floats:
                floats.AsSpan().Fill((float)value);
                break;
            case Float16[] halves:
                MemoryMarshal.Cast<Float16, Half>(halves.AsSpan()).Fill((Half)value);
                break;
            case int[] ints:
                ints.AsSpan().Fill((int)Math.Round(value));
                break;
            case long[] longs:
                longs.AsSpan().Fill((long)Math.Round(value));
                break;
        }
    }

    /// <summary>Copies the buffer out as float32.</summary>
    public void Read(Span<float> destination)
    {
        CheckLength(destination.Length);
        switch (_storage)
        {
            case float[] floats:
                floats.AsSpan().CopyTo(destination);
                break;
            case Float16[] halves:
                ReadOnlySpan<Half> source = MemoryMarshal.Cast<Float16, Half>(halves.AsSpan());
                for (int i = 0; i < source.Length; i++)
                {
                    destination[i] = (float)source[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Cannot read a {_type} tensor as float values.");
        }
    }

    /// <summary>Releases the OrtValue.</summary>
    public void Dispose()
    {
        _value?.Dispose();
        _value = null;
    }

    private void CheckLength(int length)
    {
        if (length != Length)
        {
            throw new ArgumentException($"Expected {Length} values for a tensor of shape [{string.Join(", ", _shape)}] but got {length}.");
        }
    }
}
