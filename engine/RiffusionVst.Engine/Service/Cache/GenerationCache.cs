using System.Text.Json;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Engine.Service.Cache;

/// <summary>
/// Generated images by key: a memory LRU bounded in bytes, backed by spectrogram PNGs (plus a JSON of the request) in a
/// folder, so repeats and retimes skip diffusion even after the engine restarts. Thread-safe.
/// </summary>
public sealed class GenerationCache
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<CachedGeneration>> _entries = [];
    private readonly LinkedList<CachedGeneration> _recency = new();
    private readonly long _memoryBytes;
    private readonly long _diskBytes;
    private long _usedMemory;
    private long _usedDisk = -1;

    /// <summary>A cache holding up to <paramref name="memoryBytes"/> of pixels in memory and, when <paramref name="folder"/> is given, up to <paramref name="diskBytes"/> of files there.</summary>
    public GenerationCache(string? folder, long memoryBytes = 256L << 20, long diskBytes = 2L << 30)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(diskBytes);
        Folder = string.IsNullOrWhiteSpace(folder) ? null : Path.GetFullPath(folder);
        _memoryBytes = memoryBytes;
        _diskBytes = diskBytes;
        if (Folder is not null)
            Directory.CreateDirectory(Folder);
    }

    /// <summary>The folder of the PNGs, or null for a memory-only cache.</summary>
    public string? Folder { get; }

    /// <summary>Entries in memory.</summary>
    public int MemoryCount
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <summary>Finds a generation in memory, else on disk (then keeps it in memory).</summary>
    public bool TryGet(string key, out CachedGeneration generation)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                generation = node.Value;
                return true;
            }
        }

        if (TryLoad(key) is { } loaded)
        {
            Remember(loaded);
            generation = loaded;
            return true;
        }

        generation = null!;
        return false;
    }

    /// <summary>Finds a generation in memory only (never touches the disk, so it is cheap enough to call under other locks).</summary>
    public bool TryGetInMemory(string key, out CachedGeneration generation)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                generation = node.Value;
                return true;
            }
        }

        generation = null!;
        return false;
    }

    /// <summary>Stores a generation in memory and writes its files (atomically: a temporary file, then a rename).</summary>
    public CachedGeneration Put(string key, RgbImage image, ImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        if (!GenerationKey.IsWellFormed(key))
            throw new ArgumentException($"'{key}' is not a generation key (32 lower-case hex digits).", nameof(key));
        var generation = new CachedGeneration(key, image, request with { SeedAudio = null, MaskPng = null });
        Remember(generation);
        if (Folder is not null)
            Save(generation);
        return generation;
    }

    private void Remember(CachedGeneration generation)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(generation.Key, out var old))
            {
                _recency.Remove(old);
                _usedMemory -= old.Value.Image.Pixels.Length;
            }

            _entries[generation.Key] = _recency.AddFirst(generation);
            _usedMemory += generation.Image.Pixels.Length;
            while (_usedMemory > _memoryBytes && _recency.Count > 1)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
                _usedMemory -= last.Value.Image.Pixels.Length;
            }
        }
    }

    private string PngPath(string key) => Path.Combine(Folder!, key + ".png");

    private string JsonPath(string key) => Path.Combine(Folder!, key + ".json");

    private CachedGeneration? TryLoad(string key)
    {
        if (Folder is null || !GenerationKey.IsWellFormed(key))
            return null;
        string png = PngPath(key);
        string json = JsonPath(key);
        if (!File.Exists(png) || !File.Exists(json))
            return null;
        try
        {
            var request = JsonSerializer.Deserialize<ImageRequest>(File.ReadAllText(json), Json);
            RgbImage image = PngFile.Read(png).Image;
            if (request is null || image.Width != request.Columns)
                return null;
            File.SetLastWriteTimeUtc(png, DateTime.UtcNow);
            return new CachedGeneration(key, image, request);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidImageFileException or UnauthorizedAccessException or ArgumentException)
        {
            // A damaged cache file is a miss; the next render writes it again.
            return null;
        }
    }

    private void Save(CachedGeneration generation)
    {
        string png = PngPath(generation.Key);
        string json = JsonPath(generation.Key);
        long size = WriteAtomically(json, stream => JsonSerializer.Serialize(stream, generation.Request, Json)) +
                    WriteAtomically(png, stream => PngFile.Write(stream, generation.Image, SpectrogramParameters.Riffusion));
        lock (_gate)
        {
            if (_usedDisk < 0)
                _usedDisk = MeasureDisk();
            else
                _usedDisk += size;
            if (_usedDisk <= _diskBytes)
                return;
        }

        Prune();
    }

    private static long WriteAtomically(string path, Action<Stream> write)
    {
        string temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            long length;
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                length = stream.Length;
            }

            File.Move(temp, path, overwrite: true);
            return length;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private long MeasureDisk() => new DirectoryInfo(Folder!).EnumerateFiles().Sum(f => f.Length);

    // Oldest first (a hit refreshes the PNG's time) until 90 % of the budget.
    private void Prune()
    {
        var files = new DirectoryInfo(Folder!).EnumerateFiles("*.png").OrderBy(f => f.LastWriteTimeUtc).ToList();
        long used = MeasureDisk();
        foreach (FileInfo file in files)
        {
            if (used <= _diskBytes * 9 / 10)
                break;
            string json = Path.ChangeExtension(file.FullName, ".json");
            long freed = file.Length + (File.Exists(json) ? new FileInfo(json).Length : 0);
            try
            {
                File.Delete(json);
                file.Delete();
                used -= freed;
            }
            catch (IOException)
            {
                // In use by another engine: leave it.
            }
        }

        lock (_gate)
            _usedDisk = used;
    }
}
