using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Diffusion.Weights.Safetensors;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

public class SafetensorsFileTests
{
    [Fact]
    public void Written_tensors_read_back_with_their_types_shapes_values_and_metadata()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "model.safetensors");
        var half = new byte[6];
        BinaryPrimitives.WriteHalfLittleEndian(half, (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(2), (Half)(-2f));
        BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(4), (Half)0.25f);
        // bfloat16 is the upper half of a float32: 3.0f = 0x40400000 → 0x4040.
        byte[] bfloat = [0x40, 0x40];
        SafetensorsWriter.Write(path, [
            SafetensorsWriter.Float32("conv_in.weight", [2, 1, 1, 2], [1f, -2f, 3.5f, 0f]),
            new WeightTensor("conv_in.bias", WeightDataType.Float16, [3], half),
            new WeightTensor("scale", WeightDataType.BFloat16, [], bfloat),
        ], new Dictionary<string, string> { ["format"] = "pt" });

        using SafetensorsFile file = SafetensorsFile.Open(path);
        Assert.Equal(["conv_in.bias", "conv_in.weight", "scale"], file.Names.Order(StringComparer.Ordinal));
        WeightTensor weight = file.Get("conv_in.weight");
        Assert.Equal(WeightDataType.Float32, weight.DataType);
        Assert.Equal([2L, 1, 1, 2], weight.Shape);
        Assert.Equal([1f, -2f, 3.5f, 0f], weight.ToFloat32());
        Assert.Equal([1.5f, -2f, 0.25f], file.Get("conv_in.bias").ToFloat32());
        Assert.Equal([3f], file.Get("scale").ToFloat32());
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void Tensors_are_views_of_the_mapped_file_not_copies()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "model.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsWriter.Float32("w", [4], [1f, 2f, 3f, 4f])]);
        using SafetensorsFile file = SafetensorsFile.Open(path);
        Assert.False(MemoryMarshal.TryGetArray(file.Get("w").Memory, out _));
    }

    [Fact]
    public void Integer_tensors_are_skipped_and_listed()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "model.safetensors");
        WriteRaw(path, """{"text_model.embeddings.position_ids":{"dtype":"I64","shape":[1,2],"data_offsets":[0,16]},"w":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}""", new byte[20]);
        using SafetensorsFile file = SafetensorsFile.Open(path);
        Assert.Equal(["w"], file.Names);
        Assert.Equal(["text_model.embeddings.position_ids"], file.SkippedNames);
        Assert.False(file.Contains("text_model.embeddings.position_ids"));
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 12, "'w'", "truncated")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,12]}}""", 16, "'w'", "needs 16")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "'b'", "overlap those of 'a'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}""", 8, "'w'", "increasing")]
    [InlineData("""{"w":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}}""", 4, "'w'", "dtype 'Q4' is unknown")]
    [InlineData("""{"w":{"shape":[1],"data_offsets":[0,4]}}""", 4, "'w'", "lacks \"dtype\"")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4, "'w'", "non-negative integers")]
    [InlineData("""{"w": not json""", 4, "not valid JSON", "again")]
    [InlineData("""[1, 2]""", 4, "not a JSON object", "again")]
    public void A_bad_header_is_one_error_naming_the_file_the_tensor_and_the_fix(string header, int dataBytes, string names, string says)
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "bad.safetensors");
        WriteRaw(path, header, new byte[dataBytes]);
        var error = Assert.Throws<WeightFileException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(names, error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains("again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_length_past_the_end_of_the_file_is_a_truncated_file()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "cut.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsWriter.Float32("w", [4], [1f, 2f, 3f, 4f])]);
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..20]);
        var error = Assert.Throws<WeightFileException>(() => SafetensorsFile.Open(path));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void A_file_too_short_for_a_header_is_refused(int length)
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "short.safetensors");
        File.WriteAllBytes(path, new byte[length]);
        var error = Assert.Throws<WeightFileException>(() => SafetensorsFile.Open(path));
        Assert.Contains($"{length} bytes long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_header_length_is_refused_before_reading_it()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "huge.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<WeightFileException>(() => SafetensorsFile.Open(path));
        Assert.Contains("not a safetensors file", error.Message, StringComparison.Ordinal);
    }

    internal static void WriteRaw(string path, string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
    }
}
