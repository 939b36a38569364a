using System.Buffers.Binary;
using System.Text;

namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>Walks and edits the chunk structure of PNG bytes, checking lengths and CRCs on the way.</summary>
internal static class PngChunks
{
    /// <summary>The eight bytes every PNG starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Lists the chunks up to IEND; throws <see cref="InvalidImageFileException"/> naming <paramref name="source"/> on any damage.</summary>
    public static List<PngChunk> Parse(ReadOnlySpan<byte> png, string source)
    {
        if (png.Length == 0)
        {
            throw new InvalidImageFileException($"'{source}' is empty; it is not a PNG picture. Export the spectrogram again.");
        }

        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidImageFileException($"'{source}' is not a PNG picture (its first bytes are not the PNG signature). Convert it to PNG first.");
        }

        var chunks = new List<PngChunk>();
        int pos = Signature.Length;
        while (true)
        {
            if (png.Length - pos < 12)
            {
                throw new InvalidImageFileException(
                    $"'{source}' is truncated: the PNG ends after {png.Length} bytes without its IEND chunk. Copy or export the file again.");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            string type = Encoding.ASCII.GetString(png.Slice(pos + 4, 4));
            if (length > int.MaxValue || length > (uint)(png.Length - pos - 12))
            {
                throw new InvalidImageFileException(
                    $"'{source}' is truncated or corrupt: chunk '{type}' at byte {pos} claims {length} bytes but only {png.Length - pos - 12} remain. Copy or export the file again.");
            }

            int dataOffset = pos + 8;
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png[(dataOffset + (int)length)..]);
            uint actual = Crc32.Compute(png.Slice(pos + 4, 4 + (int)length));
            if (stored != actual)
            {
                throw new InvalidImageFileException(
                    $"'{source}' is corrupt: the CRC of chunk '{type}' at byte {pos} does not match its contents. Copy or export the file again.");
            }

            chunks.Add(new PngChunk(type, pos, dataOffset, (int)length));
            pos = dataOffset + (int)length + 4;
            if (type == "IEND")
            {
                break;
            }
        }

        if (chunks[0].Type != "IHDR")
        {
            throw new InvalidImageFileException($"'{source}' is corrupt: a PNG must start with an IHDR chunk, found '{chunks[0].Type}'.");
        }

        if (!chunks.Exists(c => c.Type == "IDAT"))
        {
            throw new InvalidImageFileException($"'{source}' is corrupt: the PNG has no image data (IDAT chunk).");
        }

        return chunks;
    }

    /// <summary>Returns the PNG with every existing eXIf chunk removed and one new eXIf chunk holding <paramref name="exif"/> placed before the first IDAT.</summary>
    public static byte[] WithExif(ReadOnlySpan<byte> png, ReadOnlySpan<byte> exif)
    {
        var chunks = Parse(png, "encoded PNG");
        using var output = new MemoryStream(png.Length + exif.Length + 12);
        output.Write(png[..Signature.Length]);
        bool written = false;
        foreach (var chunk in chunks)
        {
            if (chunk.Type == "eXIf")
            {
                continue;
            }

            if (chunk.Type == "IDAT" && !written)
            {
                WriteChunk(output, "eXIf", exif);
                written = true;
            }

            output.Write(png.Slice(chunk.Offset, chunk.TotalLength));
        }

        return output.ToArray();
    }

    /// <summary>Writes one chunk with its length and CRC.</summary>
    public static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        uint crc = Crc32.Compute(header[4..], data);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        output.Write(tail);
    }
}
