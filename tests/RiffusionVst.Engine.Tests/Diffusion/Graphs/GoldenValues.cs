using System.Buffers.Binary;
using System.Text.Json;

namespace RiffusionVst.Engine.Tests.Diffusion.Graphs;

/// <summary>
/// Reads the golden tensors (F32, I64, U8) of a safetensors file written by tests/reference/diffusers/make_golden.py,
/// independently of the engine's weight readers.
/// </summary>
internal sealed class GoldenValues
{
    private readonly Dictionary<string, (string Type, long[] Shape, byte[] Data)> _tensors = new(StringComparer.Ordinal);

    /// <summary>Loads every tensor of the file.</summary>
    public GoldenValues(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        using var header = JsonDocument.Parse(file.AsMemory(8, headerLength));
        foreach (JsonProperty entry in header.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__"))
        {
            long[] offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            byte[] data = file.AsSpan(8 + headerLength + (int)offsets[0], (int)(offsets[1] - offsets[0])).ToArray();
            _tensors.Add(entry.Name, (entry.Value.GetProperty("dtype").GetString()!, entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(), data));
        }
    }

    /// <summary>The folder of the small reference model and its golden values.</summary>
    public static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "diffusers-small");

    /// <summary>The dimensions of a tensor.</summary>
    public long[] Shape(string name) => _tensors[name].Shape;

    /// <summary>An F32 tensor's values.</summary>
    public float[] Floats(string name)
    {
        var (type, _, data) = _tensors[name];
        Assert.Equal("F32", type);
        var values = new float[data.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4 * i));
        }

        return values;
    }

    /// <summary>An I64 tensor's values as ints.</summary>
    public int[] Ints(string name)
    {
        var (type, _, data) = _tensors[name];
        Assert.Equal("I64", type);
        var values = new int[data.Length / 8];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = checked((int)BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(8 * i)));
        }

        return values;
    }

    /// <summary>A U8 tensor's bytes.</summary>
    public byte[] Bytes(string name)
    {
        var (type, _, data) = _tensors[name];
        Assert.Equal("U8", type);
        return data;
    }

    /// <summary>Asserts max |actual − expected| ≤ <paramref name="relative"/> × max |expected| and returns the ratio found.</summary>
    public static double AssertClose(float[] expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs((double)v));
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - (double)expected[i]));
        }

        Assert.True(worst <= relative * scale, $"{what}: max abs error {worst:G3} exceeds {relative:G2} × output scale {scale:G3}");
        return worst / scale;
    }
}
