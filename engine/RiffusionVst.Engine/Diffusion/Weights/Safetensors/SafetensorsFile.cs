using System.Buffers.Binary;
using System.Text.Json;

namespace RiffusionVst.Engine.Diffusion.Weights.Safetensors;

/// <summary>
/// A memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header
/// (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}</c>) and the raw
/// little-endian tensor bytes. Every offset is checked before a tensor is handed out as a view of the map.
/// Tensors of integer types (e.g. <c>position_ids</c>) are not weights: they are listed in
/// <see cref="SkippedNames"/> instead.
/// </summary>
public sealed class SafetensorsFile : IWeightSource
{
    /// <summary>Largest header accepted (safetensors' own limit): a bigger one is a damaged or hostile file.</summary>
    public const int MaxHeaderBytes = 100 * 1024 * 1024;

    private readonly MappedFile _file;
    private readonly Dictionary<string, WeightTensor> _tensors;

    private SafetensorsFile(MappedFile file, Dictionary<string, WeightTensor> tensors, IReadOnlyList<string> skipped, IReadOnlyDictionary<string, string> metadata)
    {
        _file = file;
        _tensors = tensors;
        SkippedNames = skipped;
        Metadata = metadata;
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath => _file.FilePath;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Names => _tensors.Keys;

    /// <summary>Tensors of non-float types that are present but not offered as weights.</summary>
    public IReadOnlyList<string> SkippedNames { get; }

    /// <summary>The header's <c>__metadata__</c> strings (empty when there are none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Maps and validates <paramref name="path"/>; throws <see cref="WeightFileException"/> naming the file and tensor on any fault.</summary>
    public static SafetensorsFile Open(string path)
    {
        MappedFile file = MappedFile.Open(path);
        try
        {
            (Dictionary<string, WeightTensor> tensors, List<string> skipped, Dictionary<string, string> metadata) = Parse(file);
            return new SafetensorsFile(file, tensors, skipped, metadata);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <inheritdoc />
    public WeightTensor Get(string name) => _tensors.TryGetValue(name, out WeightTensor? tensor)
        ? tensor
        : throw new WeightFileException($"'{FilePath}' holds no tensor '{name}'; the file is not the model component expected.");

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static (Dictionary<string, WeightTensor>, List<string>, Dictionary<string, string>) Parse(MappedFile file)
    {
        string name = file.FilePath;
        if (file.Length < 8)
        {
            throw Damaged(name, $"it is {file.Length} bytes long, too short to hold a safetensors header");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file.Span(0, 8));
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
        {
            throw Damaged(name, $"its header length {headerLength} is not between 2 and {MaxHeaderBytes} bytes (not a safetensors file)");
        }

        if ((long)headerLength > file.Length - 8)
        {
            throw Damaged(name, $"its header of {headerLength} bytes runs past the end of the file ({file.Length} bytes): the file is truncated");
        }

        long dataStart = 8 + (long)headerLength;
        long dataLength = file.Length - dataStart;
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(file.Memory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Damaged(name, $"its header is not valid JSON ({e.Message})");
        }

        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Damaged(name, "its header is not a JSON object");
            }

            var tensors = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
            var skipped = new List<string>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var ranges = new List<(long Begin, long End, string Tensor)>();
            foreach (JsonProperty entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    ReadMetadata(name, entry.Value, metadata);
                    continue;
                }

                TensorEntry tensor = ReadEntry(name, entry.Name, entry.Value);
                if (tensor.End > dataLength)
                {
                    throw DamagedTensor(name, entry.Name, $"its bytes {tensor.Begin}..{tensor.End} lie past the end of the data ({dataLength} bytes): the file is truncated");
                }

                long expected = checked(tensor.ElementCount * tensor.ElementSize);
                if (tensor.End - tensor.Begin != expected)
                {
                    throw DamagedTensor(name, entry.Name, $"it spans {tensor.End - tensor.Begin} bytes, but shape [{string.Join(", ", tensor.Shape)}] of {tensor.DType} needs {expected}");
                }

                ranges.Add((tensor.Begin, tensor.End, entry.Name));
                if (tensor.DataType is { } dataType)
                {
                    if (expected > int.MaxValue)
                    {
                        throw DamagedTensor(name, entry.Name, $"it is {expected} bytes, more than one tensor of a Stable Diffusion 1.x model can be");
                    }

                    tensors[entry.Name] = new WeightTensor(entry.Name, dataType, tensor.Shape, file.Memory(dataStart + tensor.Begin, (int)expected));
                }
                else
                {
                    skipped.Add(entry.Name);
                }
            }

            CheckNoOverlap(name, ranges);
            return (tensors, skipped, metadata);
        }
    }

    private static void ReadMetadata(string file, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Damaged(file, "its __metadata__ is not a JSON object of strings");
        }

        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Damaged(file, $"its __metadata__ value '{item.Name}' is not a string");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static TensorEntry ReadEntry(string file, string tensor, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out JsonElement dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out JsonElement shape) || shape.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            throw DamagedTensor(file, tensor, "its header entry lacks \"dtype\", \"shape\" or a two-number \"data_offsets\"");
        }

        var dims = new long[shape.GetArrayLength()];
        int i = 0;
        long count = 1;
        foreach (JsonElement dimension in shape.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out long d) || d < 0 || d > int.MaxValue)
            {
                throw DamagedTensor(file, tensor, $"its shape {shape.GetRawText()} is not a list of non-negative integers");
            }

            dims[i++] = d;
            count = checked(count * d);
        }

        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
        {
            throw DamagedTensor(file, tensor, $"its data_offsets {offsets.GetRawText()} are not two increasing non-negative integers");
        }

        // Integer tensors (position_ids) are sized so their offsets are checked, but they are not weights.
        (WeightDataType? dataType, int size) = dtype.GetString() switch
        {
            "F32" => Float(WeightDataType.Float32),
            "F16" => Float(WeightDataType.Float16),
            "BF16" => Float(WeightDataType.BFloat16),
            "I64" or "U64" or "F64" => NotWeight(8),
            "I32" or "U32" => NotWeight(4),
            "I16" or "U16" => NotWeight(2),
            "I8" or "U8" or "BOOL" => NotWeight(1),
            var other => throw DamagedTensor(file, tensor, $"its dtype '{other}' is unknown (expected F32, F16 or BF16)"),
        };
        return new TensorEntry(dtype.GetString()!, dataType, size, dims, count, begin, end);
    }

    private static (WeightDataType?, int) Float(WeightDataType type) => (type, WeightTensor.ElementSize(type));

    private static (WeightDataType?, int) NotWeight(int size) => (null, size);

    private static void CheckNoOverlap(string file, List<(long Begin, long End, string Tensor)> ranges)
    {
        ranges.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        for (int i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Begin < ranges[i - 1].End)
            {
                throw DamagedTensor(file, ranges[i].Tensor, $"its bytes {ranges[i].Begin}..{ranges[i].End} overlap those of '{ranges[i - 1].Tensor}' ({ranges[i - 1].Begin}..{ranges[i - 1].End})");
            }
        }
    }

    private static WeightFileException Damaged(string file, string what) =>
        new($"'{file}' cannot be read as safetensors: {what}. Download or copy the file again.");

    private static WeightFileException DamagedTensor(string file, string tensor, string what) =>
        new($"'{file}', tensor '{tensor}': {what}. The file is damaged: download or copy it again.");

    private sealed record TensorEntry(string DType, WeightDataType? DataType, int ElementSize, long[] Shape, long ElementCount, long Begin, long End);
}
