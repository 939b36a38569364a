using System.Buffers.Binary;

namespace RiffusionVst.Plugin.Core.State;

/// <summary>
/// Checks a stored PNG without decoding its pixels: the signature, every chunk's CRC-32 (so a flipped byte anywhere is
/// found), an 8-bit IHDR of the expected size, image data and the closing IEND. The engine decodes it in full.
/// </summary>
public static class PngCheck
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Null when <paramref name="png"/> is a sound 8-bit PNG of <paramref name="width"/>×<paramref name="height"/>; else what is wrong.</summary>
    public static string? Problem(ReadOnlySpan<byte> png, int width, int height)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            return "it is not a PNG";
        int at = Signature.Length;
        bool header = false, data = false;
        while (at + 12 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png[at..]);
            if (length < 0 || at + 12L + length > png.Length)
                return "it is cut short";
            ReadOnlySpan<byte> typeAndData = png.Slice(at + 4, 4 + length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png[(at + 8 + length)..]);
            if (Crc32(typeAndData) != crc)
                return "its bytes are damaged (a checksum does not match)";
            ReadOnlySpan<byte> type = typeAndData[..4];
            ReadOnlySpan<byte> body = typeAndData[4..];
            if (!header)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                    return "it has no image header";
                int w = BinaryPrimitives.ReadInt32BigEndian(body), h = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (w != width || h != height)
                    return $"it is {w}×{h} where the loop needs {width}×{height}";
                if (body[8] != 8 || body[9] is not (0 or 2 or 6))
                    return $"it is not an 8-bit greyscale or RGB image (bit depth {body[8]}, colour type {body[9]})";
                header = true;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                data = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                return data ? null : "it holds no image data";
            }
            at += 12 + length;
        }
        return "it is cut short";
    }

    /// <summary>PNG's CRC-32 (ISO 3309, polynomial 0xEDB88320) over a chunk's type and data.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in bytes)
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
