namespace RiffusionVst.Engine.Diffusion.Weights.Torch;

/// <summary>
/// A PyTorch zip checkpoint (<c>torch.save</c> since 1.6: <c>.bin</c>, <c>.ckpt</c>, <c>.pt</c>): a zip whose
/// <c>&lt;archive&gt;/data.pkl</c> is read by the <see cref="RestrictedUnpickler"/> and whose tensors are views of
/// the stored <c>&lt;archive&gt;/data/&lt;key&gt;</c> records in the memory map. A Lightning checkpoint's weights
/// under <c>"state_dict"</c> are used; its other plain values (epoch, global_step, …) are ignored.
/// </summary>
public sealed class TorchCheckpoint : IWeightSource
{
    /// <summary>Largest data.pkl accepted: a state dict's pickle is a few MB; anything vastly larger is not one.</summary>
    public const int MaxPickleBytes = 512 * 1024 * 1024;

    private readonly MappedFile _file;
    private readonly ZipDirectory _zip;
    private readonly string _prefix;
    private readonly Dictionary<string, TorchTensorReference> _tensors;
    private readonly Dictionary<string, WeightTensor> _built = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private TorchCheckpoint(MappedFile file, ZipDirectory zip, string prefix, Dictionary<string, TorchTensorReference> tensors, List<string> skipped)
    {
        _file = file;
        _zip = zip;
        _prefix = prefix;
        _tensors = tensors;
        SkippedNames = skipped;
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath => _file.FilePath;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Names => _tensors.Keys;

    /// <summary>Entries that are present but not float tensors (integer buffers, plain values).</summary>
    public IReadOnlyList<string> SkippedNames { get; }

    /// <summary>Opens <paramref name="path"/>; throws <see cref="WeightFileException"/> when it is not a torch zip checkpoint or names globals other than torch's.</summary>
    public static TorchCheckpoint Open(string path)
    {
        MappedFile file = MappedFile.Open(path);
        try
        {
            if (!ZipDirectory.LooksLikeZip(file))
            {
                throw new WeightFileException(
                    $"'{file.FilePath}' is not a PyTorch zip checkpoint (torch.save of version 1.6 or later). Older pickle-only checkpoints are refused: load and save it again with a current torch, or use a safetensors file.");
            }

            ZipDirectory zip = ZipDirectory.Read(file);
            ZipEntry pickle = zip.Entries.Values.FirstOrDefault(e => e.Name.EndsWith("/data.pkl", StringComparison.Ordinal) && e.Name.IndexOf('/') == e.Name.Length - "/data.pkl".Length)
                ?? throw new WeightFileException($"'{file.FilePath}' is a zip file but holds no '<archive>/data.pkl': it is not a PyTorch checkpoint.");
            string prefix = pickle.Name[..^"data.pkl".Length];
            object? root = RestrictedUnpickler.Load(file.FilePath, zip.Open(pickle, MaxPickleBytes).ToArray());
            (Dictionary<string, TorchTensorReference> tensors, List<string> skipped) = StateDict(file.FilePath, root);
            var checkpoint = new TorchCheckpoint(file, zip, prefix, tensors, skipped);
            foreach (TorchTensorReference tensor in tensors.Values.DistinctBy(t => t.Storage.Key))
            {
                checkpoint.StorageEntry(tensor.Storage);
            }

            return checkpoint;
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
    public WeightTensor Get(string name)
    {
        if (!_tensors.TryGetValue(name, out TorchTensorReference? reference))
        {
            throw new WeightFileException($"'{FilePath}' holds no tensor '{name}'; the file is not the model component expected.");
        }

        lock (_gate)
        {
            if (!_built.TryGetValue(name, out WeightTensor? tensor))
            {
                tensor = Build(name, reference);
                _built[name] = tensor;
            }

            return tensor;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static (Dictionary<string, TorchTensorReference>, List<string>) StateDict(string file, object? root)
    {
        if (root is not PickleDictionary top)
        {
            throw new WeightFileException($"'{file}' holds no state dict (its pickle is not a dict): it is not a model checkpoint.");
        }

        PickleDictionary dict = top["state_dict"] as PickleDictionary ?? top;
        var tensors = new Dictionary<string, TorchTensorReference>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach ((object key, object? value) in dict.Items)
        {
            if (key is not string name)
            {
                continue;
            }

            if (value is TorchTensorReference { Storage.DataType: not null } tensor)
            {
                tensors[name] = tensor;
            }
            else
            {
                skipped.Add(name);
            }
        }

        return (tensors, skipped);
    }

    private ZipEntry StorageEntry(TorchStorage storage)
    {
        string name = $"{_prefix}data/{storage.Key}";
        if (!_zip.Entries.TryGetValue(name, out ZipEntry? entry))
        {
            throw new WeightFileException($"'{FilePath}' lacks the storage record '{name}' its pickle names: the file is truncated or damaged; download or copy it again.");
        }

        if (entry.Size < storage.ElementCount * storage.ElementSize)
        {
            throw new WeightFileException(
                $"'{FilePath}': storage record '{name}' has {entry.Size} bytes, but its {storage.TypeName} of {storage.ElementCount} elements needs {storage.ElementCount * storage.ElementSize}: the file is damaged; download or copy it again.");
        }

        return entry;
    }

    private WeightTensor Build(string name, TorchTensorReference reference)
    {
        TorchStorage storage = reference.Storage;
        WeightDataType type = storage.DataType!.Value;
        int size = storage.ElementSize;
        long count = reference.ElementCount;
        long lastElement = reference.Offset + reference.Shape.Select((d, i) => d == 0 ? 0 : (d - 1) * reference.Stride[i]).Sum();
        if (count > 0 && lastElement >= storage.ElementCount)
        {
            throw new WeightFileException(
                $"'{FilePath}', tensor '{name}': its shape [{string.Join(", ", reference.Shape)}] at offset {reference.Offset} reaches element {lastElement} of a storage of {storage.ElementCount}: the file is damaged; download or copy it again.");
        }

        ReadOnlyMemory<byte> bytes = _zip.Open(StorageEntry(storage));
        if (reference.IsContiguous)
        {
            return new WeightTensor(name, type, reference.Shape, bytes.Slice((int)(reference.Offset * size), (int)(count * size)));
        }

        // A strided view (torch saves a transposed or sliced tensor with its whole storage): gather it into a
        // row-major copy, so every tensor handed out is contiguous.
        var copy = new byte[count * size];
        ReadOnlySpan<byte> source = bytes.Span;
        var index = new long[reference.Shape.Length];
        for (long element = 0; element < count; element++)
        {
            long at = reference.Offset;
            for (int d = 0; d < index.Length; d++)
            {
                at += index[d] * reference.Stride[d];
            }

            source.Slice((int)(at * size), size).CopyTo(copy.AsSpan((int)(element * size), size));
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < reference.Shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return new WeightTensor(name, type, reference.Shape, copy);
    }
}
