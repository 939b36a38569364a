using System.IO.Compression;
using System.Runtime.InteropServices;
using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Diffusion.Weights.Torch;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

public class TorchCheckpointTests
{
    [Fact]
    public void A_state_dict_reads_back_exactly_as_views_of_the_stored_records()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "diffusion_pytorch_model.bin");
        TorchCheckpointFile.Write(path, [("conv_in.weight", [2, 2], [1f, 2f, 3f, 4f]), ("conv_in.bias", [2], [-0.5f, 0.5f])]);

        using TorchCheckpoint checkpoint = TorchCheckpoint.Open(path);
        Assert.Equal(["conv_in.bias", "conv_in.weight"], checkpoint.Names.Order(StringComparer.Ordinal));
        WeightTensor weight = checkpoint.Get("conv_in.weight");
        Assert.Equal([2L, 2], weight.Shape);
        Assert.Equal([1f, 2f, 3f, 4f], weight.ToFloat32());
        Assert.Equal([-0.5f, 0.5f], checkpoint.Get("conv_in.bias").ToFloat32());
        Assert.False(MemoryMarshal.TryGetArray(weight.Memory, out _));
    }

    [Fact]
    public void Deflated_records_are_inflated()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "packed.bin");
        TorchCheckpointFile.Write(path, [("w", [3], [7f, 8f, 9f])], level: CompressionLevel.Optimal);
        using TorchCheckpoint checkpoint = TorchCheckpoint.Open(path);
        Assert.Equal([7f, 8f, 9f], checkpoint.Get("w").ToFloat32());
    }

    [Fact]
    public void A_lightning_checkpoint_gives_its_state_dict_and_ignores_its_plain_values()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "model.ckpt");
        TorchCheckpointFile.Write(path, [("model.diffusion_model.conv_in.bias", [2], [1f, 2f])], lightning: true);
        using TorchCheckpoint checkpoint = TorchCheckpoint.Open(path);
        Assert.Equal(["model.diffusion_model.conv_in.bias"], checkpoint.Names);
        Assert.Equal([1f, 2f], checkpoint.Get("model.diffusion_model.conv_in.bias").ToFloat32());
    }

    [Fact]
    public void A_strided_tensor_is_copied_into_row_major_order()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "t.bin");
        // Storage [0 1 2 3 4 5] as a 2×3 matrix, saved as its 3×2 transpose (stride (1, 3)), plus a view at offset 4.
        byte[] pickle = new PickleBuilder().OrderedDict().Mark()
            .Str("transposed").Tensor("FloatStorage", "0", 6, 0, [3, 2], [1, 3])
            .Str("tail").Tensor("FloatStorage", "0", 6, 4, [2], [1])
            .Op('u').Stop();
        TorchCheckpointFile.WriteZip(path, "t", pickle, [TorchCheckpointFile.Floats([0f, 1f, 2f, 3f, 4f, 5f])]);
        using TorchCheckpoint checkpoint = TorchCheckpoint.Open(path);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], checkpoint.Get("transposed").ToFloat32());
        Assert.Equal([4f, 5f], checkpoint.Get("tail").ToFloat32());
    }

    [Fact]
    public void Half_tensors_and_integer_buffers_are_told()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "pytorch_model.bin");
        byte[] pickle = new PickleBuilder().OrderedDict().Mark()
            .Str("text_model.embeddings.position_ids").Tensor("LongStorage", "0", 2, 0, [1, 2], [2, 1])
            .Str("text_model.final_layer_norm.bias").Tensor("HalfStorage", "1", 2, 0, [2], [1])
            .Op('u').Stop();
        TorchCheckpointFile.WriteZip(path, "pytorch_model", pickle, [new byte[16], [0x00, 0x3C, 0x00, 0xC0]]);
        using TorchCheckpoint checkpoint = TorchCheckpoint.Open(path);
        Assert.Equal(["text_model.final_layer_norm.bias"], checkpoint.Names);
        Assert.Equal(["text_model.embeddings.position_ids"], checkpoint.SkippedNames);
        Assert.Equal([1f, -2f], checkpoint.Get("text_model.final_layer_norm.bias").ToFloat32());
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("subprocess", "Popen")]
    [InlineData("torch", "load")]
    public void A_hostile_pickle_is_refused_naming_the_global_and_nothing_runs(string module, string name)
    {
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "pwned");
        string path = Path.Combine(temp.Path, "evil.bin");
        // The classic payload: os.system("touch …") as REDUCE, inside an otherwise ordinary state dict.
        byte[] pickle = new PickleBuilder().OrderedDict().Mark()
            .Str("w").Global(module, name).Mark().Str($"touch {marker}").Tuple().Reduce()
            .Op('u').Stop();
        TorchCheckpointFile.WriteZip(path, "archive", pickle, []);

        var error = Assert.Throws<WeightFileException>(() => TorchCheckpoint.Open(path));
        Assert.Contains($"'{module}.{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was executed", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData(0x81, "0x81")] // NEWOBJ
    [InlineData((byte)'i', "0x69")] // INST
    [InlineData((byte)'o', "0x6f")] // OBJ
    public void Opcodes_that_build_arbitrary_objects_are_refused(byte opcode, string named)
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "evil.bin");
        TorchCheckpointFile.WriteZip(path, "archive", new PickleBuilder().Mark().Op(opcode).Stop(), []);
        var error = Assert.Throws<WeightFileException>(() => TorchCheckpoint.Open(path));
        Assert.Contains($"opcode {named}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_the_zip_lacks_is_a_damaged_file()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "cut.bin");
        byte[] pickle = new PickleBuilder().OrderedDict().Mark().Str("w").Tensor("FloatStorage", "7", 4, 0, [4], [1]).Op('u').Stop();
        TorchCheckpointFile.WriteZip(path, "archive", pickle, []);
        var error = Assert.Throws<WeightFileException>(() => TorchCheckpoint.Open(path));
        Assert.Contains("'archive/data/7'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_reaching_past_its_storage_is_refused_by_name()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "bad.bin");
        byte[] pickle = new PickleBuilder().OrderedDict().Mark().Str("w").Tensor("FloatStorage", "0", 2, 1, [2], [1]).Op('u').Stop();
        TorchCheckpointFile.WriteZip(path, "archive", pickle, [TorchCheckpointFile.Floats([1f, 2f])]);
        using TorchCheckpoint checkpoint = TorchCheckpoint.Open(path);
        var error = Assert.Throws<WeightFileException>(() => checkpoint.Get("w"));
        Assert.Contains("tensor 'w'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_pickle_only_checkpoint_is_refused_with_the_fix()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "old.ckpt");
        File.WriteAllBytes(path, new PickleBuilder().Op('}').Stop());
        var error = Assert.Throws<WeightFileException>(() => TorchCheckpoint.Open(path));
        Assert.Contains("not a PyTorch zip checkpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("safetensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_zip_is_a_damaged_file()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "cut.bin");
        TorchCheckpointFile.Write(path, [("w", [64], new float[64])]);
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        var error = Assert.Throws<WeightFileException>(() => TorchCheckpoint.Open(path));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }
}
