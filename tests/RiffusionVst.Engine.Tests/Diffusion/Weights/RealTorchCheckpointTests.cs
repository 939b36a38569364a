using System.Text.Json;
using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Diffusion.Weights.Torch;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

/// <summary>Checkpoints written by real torch.save (Fixtures/weights/make_torch_checkpoints.py, torch 1.13) read back exactly.</summary>
public class RealTorchCheckpointTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "weights");

    [Theory]
    [InlineData("torch-state-dict.bin")]
    [InlineData("torch-lightning.ckpt")]
    public void Every_float_tensor_of_a_real_torch_save_reads_back_bit_for_bit(string file)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json")));
        using TorchCheckpoint checkpoint = TorchCheckpoint.Open(Path.Combine(Fixtures, file));

        JsonElement tensors = expected.RootElement.GetProperty("tensors");
        Assert.Equal(tensors.EnumerateObject().Select(t => t.Name).Order(StringComparer.Ordinal), checkpoint.Names.Order(StringComparer.Ordinal));
        Assert.Equal(["text_model.embeddings.position_ids"], checkpoint.SkippedNames);
        foreach (JsonProperty tensor in tensors.EnumerateObject())
        {
            WeightTensor read = checkpoint.Get(tensor.Name);
            Assert.Equal(tensor.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), read.Shape);
            Assert.Equal(tensor.Value.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()), read.ToFloat32());
        }

        Assert.Equal(WeightDataType.Float16, checkpoint.Get("half").DataType);
        Assert.Equal(WeightDataType.BFloat16, checkpoint.Get("bfloat").DataType);
    }
}
