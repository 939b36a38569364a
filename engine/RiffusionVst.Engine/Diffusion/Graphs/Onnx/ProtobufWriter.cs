using System.Buffers.Binary;
using System.Text;

namespace RiffusionVst.Engine.Diffusion.Graphs.Onnx;

/// <summary>Appends protobuf wire-format fields to a growing byte buffer (only what ONNX messages need).</summary>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private readonly MemoryStream _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>Writes a varint field (int32, int64 and enum fields all use this encoding).</summary>
    public ProtobufWriter Int(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    /// <summary>Writes a 32-bit float field.</summary>
    public ProtobufWriter Float(int field, float value)
    {
        WriteTag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a bytes field.</summary>
    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>Writes an embedded message field.</summary>
    public ProtobufWriter Message(int field, ProtobufWriter message) =>
        Bytes(field, message._buffer.GetBuffer().AsSpan(0, (int)message._buffer.Length));

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
