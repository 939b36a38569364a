using System.Buffers.Binary;

namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>Reads the first numeric value of each tag in the first IFD of a TIFF structure (the body of an EXIF block).</summary>
/// <remarks>Accepts both byte orders and every numeric TIFF type; tags with other types (ASCII, UNDEFINED) or values
/// that point outside the block are skipped, because EXIF blocks written by other tools often hold such tags.</remarks>
internal static class TiffNumericDirectory
{
    /// <summary>Tag number → value of its first element, for every numeric tag of IFD0.</summary>
    public static Dictionary<int, double> Read(ReadOnlySpan<byte> tiff, string source)
    {
        // Some writers keep the JPEG APP1 prefix inside eXIf; the PNG extension forbids it but tolerating it costs nothing.
        if (tiff.Length >= 6 && tiff[..6].SequenceEqual("Exif\0\0"u8))
        {
            tiff = tiff[6..];
        }

        if (tiff.Length < 8)
        {
            throw new InvalidImageFileException($"'{source}' has an EXIF block of {tiff.Length} bytes, too short for a TIFF header; save the picture again.");
        }

        bool little;
        if (tiff[0] == (byte)'I' && tiff[1] == (byte)'I')
        {
            little = true;
        }
        else if (tiff[0] == (byte)'M' && tiff[1] == (byte)'M')
        {
            little = false;
        }
        else
        {
            throw new InvalidImageFileException($"'{source}' has an EXIF block that does not start with a TIFF byte-order mark (II or MM); save the picture again.");
        }

        if (U16(tiff, 2, little) != 42)
        {
            throw new InvalidImageFileException($"'{source}' has an EXIF block whose TIFF header lacks the magic number 42; save the picture again.");
        }

        var values = new Dictionary<int, double>();
        uint ifd = U32(tiff, 4, little);
        if (ifd > (uint)(tiff.Length - 2))
        {
            throw new InvalidImageFileException($"'{source}' has an EXIF block whose first directory lies outside the block; save the picture again.");
        }

        int count = U16(tiff, (int)ifd, little);
        int entries = (int)ifd + 2;
        if ((long)entries + count * 12L > tiff.Length)
        {
            throw new InvalidImageFileException($"'{source}' has a truncated EXIF directory ({count} entries do not fit); save the picture again.");
        }

        for (int i = 0; i < count; i++)
        {
            int entry = entries + i * 12;
            int tag = U16(tiff, entry, little);
            int type = U16(tiff, entry + 2, little);
            uint n = U32(tiff, entry + 4, little);
            int size = TypeSize(type);
            if (size == 0 || n == 0)
            {
                continue;
            }

            int at = size * (long)n <= 4 ? entry + 8 : (int)Math.Min(U32(tiff, entry + 8, little), int.MaxValue);
            if (at < 0 || at > tiff.Length - size)
            {
                continue;
            }

            double? value = ReadValue(tiff, at, type, little);
            if (value is double v)
            {
                values[tag] = v;
            }
        }

        return values;
    }

    private static int TypeSize(int type) => type switch
    {
        1 or 6 => 1,
        3 or 8 => 2,
        4 or 9 or 11 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };

    private static double? ReadValue(ReadOnlySpan<byte> b, int at, int type, bool little)
    {
        switch (type)
        {
            case 1: return b[at];
            case 6: return (sbyte)b[at];
            case 3: return U16(b, at, little);
            case 8: return (short)U16(b, at, little);
            case 4: return U32(b, at, little);
            case 9: return (int)U32(b, at, little);
            case 11: return BitConverter.Int32BitsToSingle((int)U32(b, at, little));
            case 12:
                ulong bits = little ? BinaryPrimitives.ReadUInt64LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt64BigEndian(b[at..]);
                return BitConverter.Int64BitsToDouble((long)bits);
            case 5:
            {
                uint num = U32(b, at, little);
                uint den = U32(b, at + 4, little);
                return den == 0 ? null : (double)num / den;
            }

            case 10:
            {
                int num = (int)U32(b, at, little);
                int den = (int)U32(b, at + 4, little);
                return den == 0 ? null : (double)num / den;
            }

            default: return null;
        }
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
}
