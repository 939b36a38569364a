using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RiffusionVst.Engine.Diffusion.Weights.Torch;

/// <summary>
/// Reads a zip archive's central directory (zip64 included) over a memory map, so stored entries can be handed
/// out as views of the map. torch.save writes its tensors stored (uncompressed, 64-byte aligned); a deflated
/// entry is inflated into memory with System.IO.Compression instead.
/// </summary>
public sealed class ZipDirectory
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64EndLocator = 0x07064b50;
    private const uint Zip64End = 0x06064b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;

    private readonly MappedFile _file;
    private readonly Dictionary<string, ZipEntry> _entries;

    private ZipDirectory(MappedFile file, Dictionary<string, ZipEntry> entries)
    {
        _file = file;
        _entries = entries;
    }

    /// <summary>Every entry by name.</summary>
    public IReadOnlyDictionary<string, ZipEntry> Entries => _entries;

    /// <summary>True when the file starts like a zip archive.</summary>
    public static bool LooksLikeZip(MappedFile file) =>
        file.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(file.Span(0, 4)) == LocalHeader;

    /// <summary>Reads the central directory; throws <see cref="WeightFileException"/> when it is damaged.</summary>
    public static ZipDirectory Read(MappedFile file)
    {
        long end = FindEnd(file);
        ReadOnlySpan<byte> record = file.Span(end, 22);
        long count = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        if ((count == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF) && end >= 20
            && BinaryPrimitives.ReadUInt32LittleEndian(file.Span(end - 20, 4)) == Zip64EndLocator)
        {
            long zip64 = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.Span(end - 20 + 8, 8));
            ReadOnlySpan<byte> record64 = file.Span(zip64, 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record64) != Zip64End)
            {
                throw Damaged(file, "its zip64 end record is missing");
            }

            count = (long)BinaryPrimitives.ReadUInt64LittleEndian(record64[32..]);
            size = (long)BinaryPrimitives.ReadUInt64LittleEndian(record64[40..]);
            offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(record64[48..]);
        }

        if (offset < 0 || size < 0 || offset > file.Length - size || count > size / 46 + 1)
        {
            throw Damaged(file, "its central directory lies outside the file");
        }

        var entries = new Dictionary<string, ZipEntry>(StringComparer.Ordinal);
        long position = offset;
        for (long i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> header = file.Span(position, 46);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralHeader)
            {
                throw Damaged(file, $"central directory entry {i} is damaged");
            }

            int flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            int method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long extracted = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            long local = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            string name = Encoding.UTF8.GetString(file.Span(position + 46, nameLength));
            ReadZip64Extra(file.Span(position + 46 + nameLength, extraLength), ref extracted, ref compressed, ref local);
            if ((flags & 1) != 0)
            {
                throw Damaged(file, $"entry '{name}' is encrypted");
            }

            entries[name] = new ZipEntry(name, method, compressed, extracted, local);
            position += 46 + nameLength + extraLength + commentLength;
        }

        return new ZipDirectory(file, entries);
    }

    /// <summary>
    /// The entry's bytes: a view of the map when stored, an inflated copy when deflated; throws when the entry is
    /// larger than <paramref name="limit"/> bytes or uses another compression method.
    /// </summary>
    public ReadOnlyMemory<byte> Open(ZipEntry entry, long limit = int.MaxValue)
    {
        if (entry.Size > limit || entry.Size > int.MaxValue)
        {
            throw Damaged(_file, $"entry '{entry.Name}' is {entry.Size} bytes, more than the {limit} expected");
        }

        ReadOnlySpan<byte> local = _file.Span(entry.LocalHeaderOffset, 30);
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeader)
        {
            throw Damaged(_file, $"the local header of entry '{entry.Name}' is damaged");
        }

        long data = entry.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
        switch (entry.Method)
        {
            case 0:
                if (entry.CompressedSize != entry.Size)
                {
                    throw Damaged(_file, $"stored entry '{entry.Name}' has different packed and unpacked sizes");
                }

                return _file.Memory(data, (int)entry.Size);
            case 8:
                if (entry.CompressedSize > int.MaxValue)
                {
                    throw Damaged(_file, $"entry '{entry.Name}' is too large to inflate");
                }

                return Inflate(entry, _file.Memory(data, (int)entry.CompressedSize));
            default:
                throw Damaged(_file, $"entry '{entry.Name}' uses compression method {entry.Method} (only stored and deflate are read)");
        }
    }

    private ReadOnlyMemory<byte> Inflate(ZipEntry entry, ReadOnlyMemory<byte> packed)
    {
        var bytes = new byte[entry.Size];
        unsafe
        {
            using System.Buffers.MemoryHandle pin = packed.Pin();
            using var source = new UnmanagedMemoryStream((byte*)pin.Pointer, packed.Length);
            using var inflate = new DeflateStream(source, CompressionMode.Decompress);
            try
            {
                inflate.ReadExactly(bytes);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                throw Damaged(_file, $"entry '{entry.Name}' cannot be inflated ({e.Message})");
            }
        }

        return bytes;
    }

    private static void ReadZip64Extra(ReadOnlySpan<byte> extra, ref long extracted, ref long compressed, ref long local)
    {
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]), extra.Length - 4);
            ReadOnlySpan<byte> field = extra.Slice(4, length);
            if (id == 1)
            {
                // Only the fields whose 32-bit value overflowed are present, in this order.
                if (extracted == 0xFFFFFFFF && field.Length >= 8)
                {
                    extracted = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
                    field = field[8..];
                }

                if (compressed == 0xFFFFFFFF && field.Length >= 8)
                {
                    compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
                    field = field[8..];
                }

                if (local == 0xFFFFFFFF && field.Length >= 8)
                {
                    local = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
                }
            }

            extra = extra[(4 + length)..];
        }
    }

    private static long FindEnd(MappedFile file)
    {
        // The end record is 22 bytes plus a comment of at most 65 535 bytes.
        long lowest = Math.Max(0, file.Length - 22 - 65_535);
        for (long position = file.Length - 22; position >= lowest; position--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.Span(position, 4)) == EndOfCentralDirectory)
            {
                return position;
            }
        }

        throw Damaged(file, "it has no zip end record (the file is truncated)");
    }

    private static WeightFileException Damaged(MappedFile file, string what) =>
        new($"'{file.FilePath}' cannot be read as a PyTorch zip checkpoint: {what}. Download or copy the file again.");
}
