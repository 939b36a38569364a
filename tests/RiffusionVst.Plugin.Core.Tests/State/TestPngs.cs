using System.Buffers.Binary;
using System.IO.Compression;
using RiffusionVst.Plugin.Core.State;

namespace RiffusionVst.Plugin.Core.Tests.State;

/// <summary>Real PNG files for stored-grid tests: 8-bit greyscale, filter 0 rows, zlib data, correct CRCs.</summary>
internal static class TestPngs
{
    /// <summary>A <paramref name="width"/>×<paramref name="height"/> PNG whose pixels are (x + y + shade) mod 256.</summary>
    public static byte[] Grey(int width, int height, int shade = 0)
    {
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[width + 1];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                    row[x + 1] = (byte)(x + y + shade);
                zlib.Write(row);
            }
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A stored 2-bar grid of 4/4 (512 columns) with <paramref name="points"/> distinct images.</summary>
    public static StoredGrid Grid(int points = 3, int bars = 2)
    {
        var settings = new StoredGridSettings("lo-fi piano", 42, "dub techno", 43, 0.75f, 7f, bars, 4, "four-on-the-floor", null, "riffusion-model-v1", 50, "pndm");
        var list = Enumerable.Range(0, points).Select(i => new StoredGridPoint(i, i / (float)(points - 1), Grey(bars * 256, 512, i))).ToArray();
        return new StoredGrid(settings, points, list);
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var word = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCheck.Crc32(typeAndData));
        stream.Write(word);
    }
}
