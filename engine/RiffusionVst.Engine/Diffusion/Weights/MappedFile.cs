using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>
/// A read-only memory map of a whole weights file. Tensors are handed out as views into the map, so a 3.4 GB
/// checkpoint costs address space, not RAM: the OS pages in only what is read.
/// </summary>
public sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _start;
    private bool _disposed;

    private MappedFile(string path, long length, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* start)
    {
        FilePath = path;
        Length = length;
        _map = map;
        _view = view;
        _start = start;
    }

    /// <summary>Full path of the mapped file.</summary>
    public string FilePath { get; }

    /// <summary>Size of the file in bytes.</summary>
    public long Length { get; }

    /// <summary>Maps <paramref name="path"/> read-only; an empty file maps to zero bytes.</summary>
    public static MappedFile Open(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new WeightFileException($"'{full}': the weights file does not exist; check the path.");
        }

        if (info.Length == 0)
        {
            return new MappedFile(full, 0, null, null, null);
        }

        MemoryMappedFile map = MemoryMappedFile.CreateFromFile(full, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor view;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        }
        catch
        {
            map.Dispose();
            throw;
        }

        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return new MappedFile(full, info.Length, map, view, pointer + view.PointerOffset);
    }

    /// <summary>A span over <paramref name="length"/> bytes at <paramref name="offset"/>; throws when that lies outside the file.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        CheckRange(offset, length);
        return length == 0 ? ReadOnlySpan<byte>.Empty : new ReadOnlySpan<byte>(_start + offset, length);
    }

    /// <summary>A memory view over <paramref name="length"/> bytes at <paramref name="offset"/>, valid until this map is disposed.</summary>
    public ReadOnlyMemory<byte> Memory(long offset, int length)
    {
        CheckRange(offset, length);
        return length == 0 ? ReadOnlyMemory<byte>.Empty : new View(this, _start + offset, length).Memory;
    }

    /// <summary>Unmaps the file; views handed out must no longer be used.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
    }

    private void CheckRange(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new WeightFileException(
                $"'{FilePath}': bytes {offset}..{offset + length} lie outside the file's {Length} bytes; the file is truncated or damaged: download or copy it again.");
        }
    }

    /// <summary>Presents one region of the map as <see cref="Memory{T}"/>; pins nothing because the map never moves.</summary>
    private sealed class View(MappedFile owner, byte* start, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan()
        {
            ObjectDisposedException.ThrowIf(owner._disposed, owner);
            return new Span<byte>(start, length);
        }

        public override MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
