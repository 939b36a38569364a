using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Image;

/// <summary>Builds small PNG files by hand (filter type 0, zlib), independent of SkiaSharp.</summary>
internal static class PngTestFiles
{
    public static byte[] Build(int width, int height, byte colourType, byte[] rawPixels, byte[]? palette = null, params (string Type, byte[] Data)[] extra)
    {
        int bytesPerPixel = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new ArgumentException("colour type") };
        using var scanlines = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            scanlines.WriteByte(0);
            scanlines.Write(rawPixels, y * width * bytesPerPixel, width * bytesPerPixel);
        }

        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(scanlines.ToArray());
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = colourType;
        Chunk(png, "IHDR", ihdr);
        foreach (var (type, data) in extra)
        {
            Chunk(png, type, data);
        }

        if (palette is not null)
        {
            Chunk(png, "PLTE", palette);
        }

        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        Encoding.ASCII.GetBytes(type, 0, 4, head, 4);
        s.Write(head);
        s.Write(data);
        var crcInput = head.AsSpan(4).ToArray().Concat(data).ToArray();
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, ReferenceCrc(crcInput));
        s.Write(crc);
    }

    // Bitwise CRC-32, written independently of the production table-driven one.
    public static uint ReferenceCrc(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
