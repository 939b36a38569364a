using RiffusionVst.Engine.Diffusion.Graphs.Onnx;

namespace RiffusionVst.Engine.Tests.Diffusion.Graphs.Onnx;

public class ProtobufWriterTests
{
    [Fact]
    public void Varint_field_matches_the_protobuf_specification_example()
    {
        // The protobuf encoding guide's example: field 1 = 150 encodes as 08 96 01.
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, new ProtobufWriter().Int(1, 150).ToArray());
    }

    [Fact]
    public void Negative_integers_use_ten_byte_twos_complement_varints()
    {
        byte[] bytes = new ProtobufWriter().Int(1, -1).ToArray();
        Assert.Equal(11, bytes.Length);
        Assert.Equal(0x08, bytes[0]);
        Assert.All(bytes[1..10], b => Assert.Equal(0xFF, b));
        Assert.Equal(0x01, bytes[10]);
    }

    [Fact]
    public void String_field_is_length_delimited()
    {
        // Field 2, wire type 2 → tag 0x12; "testing" is 7 bytes (also the guide's example).
        byte[] expected = [0x12, 0x07, (byte)'t', (byte)'e', (byte)'s', (byte)'t', (byte)'i', (byte)'n', (byte)'g'];
        Assert.Equal(expected, new ProtobufWriter().String(2, "testing").ToArray());
    }

    [Fact]
    public void Float_field_is_fixed_32_little_endian()
    {
        // Field 2, wire type 5 → tag 0x15; 1.0f is 0x3F800000.
        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }, new ProtobufWriter().Float(2, 1f).ToArray());
    }

    [Fact]
    public void Nested_message_is_prefixed_with_its_length()
    {
        var inner = new ProtobufWriter().Int(1, 150);
        Assert.Equal(new byte[] { 0x1A, 0x03, 0x08, 0x96, 0x01 }, new ProtobufWriter().Message(3, inner).ToArray());
    }
}
