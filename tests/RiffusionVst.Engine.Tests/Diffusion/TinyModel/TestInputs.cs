using Microsoft.ML.OnnxRuntime.Tensors;

namespace RiffusionVst.Engine.Tests.Diffusion.TinyModel;

/// <summary>Shorthands for ONNX Runtime element types.</summary>
internal static class Ort
{
    public const TensorElementType Float = TensorElementType.Float;
    public const TensorElementType Float16 = TensorElementType.Float16;
    public const TensorElementType Int32 = TensorElementType.Int32;
    public const TensorElementType Int64 = TensorElementType.Int64;
}

/// <summary>Deterministic inputs for the tiny model.</summary>
internal static class TestInputs
{
    /// <summary>A 77-id prompt: BOS-like id, a few word ids, padding with the last id (CLIP's EOS style).</summary>
    public static int[] Prompt(int word)
    {
        var ids = Enumerable.Repeat(49407, 77).ToArray();
        ids[0] = 49406;
        ids[1] = word;
        ids[2] = word + 100;
        return ids;
    }

    /// <summary>Values in [−1, 1] from a fixed seed.</summary>
    public static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
