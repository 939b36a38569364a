using System.Buffers.Binary;
using System.IO.Compression;
using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

/// <summary>Writes a torch.save-style zip checkpoint (archive/data.pkl, archive/data/N, archive/version) from float tensors.</summary>
internal static class TorchCheckpointFile
{
    /// <summary>A state dict of contiguous float32 tensors, one storage each; wrapped in a Lightning-style dict when asked.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, long[] Shape, float[] Values)> tensors, bool lightning = false, CompressionLevel level = CompressionLevel.NoCompression)
    {
        var pickle = new PickleBuilder();
        if (lightning)
        {
            pickle.Op('}').Mark().Str("epoch").Int(3).Str("global_step").Int(470000).Str("pytorch-lightning_version").Str("1.4.2").Str("state_dict");
        }

        pickle.OrderedDict().Mark();
        var storages = new List<byte[]>();
        for (int i = 0; i < tensors.Count; i++)
        {
            (string name, long[] shape, float[] values) = tensors[i];
            pickle.Str(name).Tensor("FloatStorage", i.ToString(System.Globalization.CultureInfo.InvariantCulture), values.Length, 0, shape, RowMajorStrides(shape));
            storages.Add(Floats(values));
        }

        pickle.Op('u');
        if (lightning)
        {
            pickle.Op('u');
        }

        WriteZip(path, "archive", pickle.Stop(), storages, level);
    }

    public static void WriteZip(string path, string prefix, byte[] pickle, IReadOnlyList<byte[]> storages, CompressionLevel level = CompressionLevel.NoCompression)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        Add(zip, $"{prefix}/data.pkl", pickle, level);
        for (int i = 0; i < storages.Count; i++)
        {
            Add(zip, $"{prefix}/data/{i}", storages[i], level);
        }

        Add(zip, $"{prefix}/version", "3\n"u8.ToArray(), level);
    }

    public static long[] RowMajorStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        long step = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = step;
            step *= shape[i];
        }

        return strides;
    }

    public static byte[] Floats(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    public static float[] Values(WeightTensor tensor) => tensor.ToFloat32();

    private static void Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        using Stream stream = zip.CreateEntry(name, level).Open();
        stream.Write(bytes);
    }
}
