using System.Buffers.Binary;
using System.Text.Json;

namespace RiffusionVst.Engine.Diffusion.Weights.Safetensors;

/// <summary>
/// Writes tensors as a safetensors file (header padded with spaces to a multiple of 8 bytes, tensors in the order
/// given, back to back): what tests use to make small models and what tools may use to save weights.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (and optional <c>__metadata__</c> strings) to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<WeightTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        List<WeightTensor> list = tensors.ToList();
        byte[] header = Header(list, metadata);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (WeightTensor tensor in list)
        {
            stream.Write(tensor.Bytes);
        }
    }

    /// <summary>A float32 tensor from values (a convenience for tests and tools).</summary>
    public static WeightTensor Float32(string name, long[] shape, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return new WeightTensor(name, WeightDataType.Float32, shape, bytes);
    }

    private static byte[] Header(List<WeightTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach ((string key, string value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (WeightTensor tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DataType switch
                {
                    WeightDataType.Float32 => "F32",
                    WeightDataType.Float16 => "F16",
                    _ => "BF16",
                });
                json.WriteStartArray("shape");
                foreach (long dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Bytes.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var header = new byte[padded];
        buffer.ToArray().CopyTo(header, 0);
        header.AsSpan((int)buffer.Length).Fill((byte)' ');
        return header;
    }
}
