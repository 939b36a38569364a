using System.Buffers.Binary;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Image;

public sealed class PngFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("riffusion-png-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RgbImage RandomImage(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    [Fact]
    public void Crc_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void Round_trip_is_bit_exact_and_parameters_come_back()
    {
        var image = RandomImage(37, 19, 1);
        var p = new SpectrogramParameters
        {
            SampleRate = 48000, Stereo = true, StepMs = 12.5, WindowMs = 90, PaddedMs = 360, MelBands = 19,
            MinFrequency = 20.5, MaxFrequency = 12000, PowerForImage = 0.3, MaxValue = 1.25e7,
        };
        string path = Path.Combine(_dir, "a.png");
        PngFile.Write(path, image, p);
        var read = PngFile.Read(path);
        Assert.Equal(image.Pixels, read.Image.Pixels);
        Assert.True(read.HasParameters);
        Assert.Equal(p, read.Parameters);
    }

    [Fact]
    public void Streams_round_trip_like_files()
    {
        var image = RandomImage(9, 7, 8);
        using var stream = new MemoryStream();
        PngFile.Write(stream, image, SpectrogramParameters.Riffusion with { MelBands = 7 });
        stream.Position = 0;
        var read = PngFile.Read(stream);
        Assert.Equal(image.Pixels, read.Image.Pixels);
        Assert.Equal(7, read.Parameters.MelBands);
    }

    [Fact]
    public void Exif_chunk_sits_before_the_first_idat()
    {
        byte[] png = PngFile.Encode(RandomImage(4, 4, 2), SpectrogramParameters.Riffusion);
        var types = PngChunks.Parse(png, "x").Select(c => c.Type).ToList();
        Assert.Single(types, "eXIf");
        Assert.True(types.IndexOf("eXIf") < types.IndexOf("IDAT"));
    }

    [Fact]
    public void A_picture_without_exif_gives_the_defaults()
    {
        var read = PngFile.Decode(PngFile.Encode(RandomImage(5, 3, 3)));
        Assert.False(read.HasParameters);
        Assert.Equal(SpectrogramParameters.Riffusion, read.Parameters);
    }

    [Fact]
    public void Hand_built_big_endian_exif_with_mixed_types_is_parsed()
    {
        // IFD0 entries (big-endian): 11000 SHORT 22050, 11005 BYTE 1, 11010 RATIONAL 25/2, 11020 SRATIONAL 200/2,
        // 11040 LONG 4, 11050 FLOAT 30.5, 11060 DOUBLE 8000.25, 11070 DOUBLE 0.5, 999 ASCII (unknown, ignored).
        var entries = new List<(ushort Tag, ushort Type, uint Count, byte[] Value)>
        {
            (999, 2, 6, "hello\0"u8.ToArray()),
            (11000, 3, 1, [0x56, 0x22, 0, 0]),
            (11005, 1, 1, [1, 0, 0, 0]),
            (11010, 5, 1, BE(25u, 2u)),
            (11020, 10, 1, BE(200u, 2u)),
            (11040, 4, 1, BE(4u)),
            (11050, 11, 1, BE((uint)BitConverter.SingleToInt32Bits(30.5f))),
            (11060, 12, 1, BitConverter.GetBytes(8000.25).Reverse().ToArray()),
            (11070, 12, 1, BitConverter.GetBytes(0.5).Reverse().ToArray()),
        };
        var tiff = new List<byte> { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8 };
        int dataStart = 8 + 2 + entries.Count * 12 + 4;
        var data = new List<byte>();
        tiff.AddRange(BE((ushort)entries.Count));
        foreach (var (tag, type, count, value) in entries)
        {
            tiff.AddRange(BE(tag));
            tiff.AddRange(BE(type));
            tiff.AddRange(BE(count));
            if (value.Length <= 4)
            {
                tiff.AddRange(value);
            }
            else
            {
                tiff.AddRange(BE((uint)(dataStart + data.Count)));
                data.AddRange(value);
            }
        }

        tiff.AddRange(BE(0u));
        tiff.AddRange(data);
        var png = PngTestFiles.Build(2, 4, 2, new byte[2 * 4 * 3], null, ("eXIf", tiff.ToArray()));
        var read = PngFile.Decode(png);
        Assert.True(read.HasParameters);
        var p = read.Parameters;
        Assert.Equal(22050, p.SampleRate);
        Assert.True(p.Stereo);
        Assert.Equal(12.5, p.StepMs);
        Assert.Equal(100, p.WindowMs);
        Assert.Equal(400, p.PaddedMs); // missing → default
        Assert.Equal(4, p.MelBands);
        Assert.Equal(30.5, p.MinFrequency);
        Assert.Equal(8000.25, p.MaxFrequency);
        Assert.Equal(0.5, p.PowerForImage);
        Assert.Equal(30e6, p.MaxValue);
    }

    [Fact]
    public void Greyscale_palette_and_rgba_pictures_become_rgb()
    {
        var grey = PngFile.Decode(PngTestFiles.Build(3, 1, 0, [0, 100, 255])).Image;
        Assert.Equal(new byte[] { 0, 0, 0, 100, 100, 100, 255, 255, 255 }, grey.Pixels);

        var palette = PngFile.Decode(PngTestFiles.Build(2, 1, 3, [1, 0], [10, 20, 30, 40, 50, 60])).Image;
        Assert.Equal(new byte[] { 40, 50, 60, 10, 20, 30 }, palette.Pixels);

        var rgba = PngFile.Decode(PngTestFiles.Build(1, 2, 6, [1, 2, 3, 255, 200, 100, 50, 0])).Image;
        Assert.Equal(new byte[] { 1, 2, 3, 200, 100, 50 }, rgba.Pixels);
    }

    [Fact]
    public void Empty_file_is_refused_with_its_name()
    {
        string path = Path.Combine(_dir, "empty.png");
        File.WriteAllBytes(path, []);
        var ex = Assert.Throws<InvalidImageFileException>(() => PngFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Non_png_file_is_refused()
    {
        string path = Path.Combine(_dir, "text.png");
        File.WriteAllText(path, "this is not a picture at all");
        var ex = Assert.Throws<InvalidImageFileException>(() => PngFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("not a PNG", ex.Message);
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(0.6)]
    [InlineData(0.1)]
    public void Truncated_file_is_refused(double keep)
    {
        byte[] png = PngFile.Encode(RandomImage(40, 30, 4), SpectrogramParameters.Riffusion);
        string path = Path.Combine(_dir, "cut.png");
        File.WriteAllBytes(path, png[..(int)(png.Length * keep)]);
        var ex = Assert.Throws<InvalidImageFileException>(() => PngFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Corrupt_data_is_refused()
    {
        byte[] png = PngFile.Encode(RandomImage(40, 30, 5));
        var idat = PngChunks.Parse(png, "x").First(c => c.Type == "IDAT");
        png[idat.DataOffset + idat.Length / 2] ^= 0x5A;
        var ex = Assert.Throws<InvalidImageFileException>(() => PngFile.Decode(png, "bad.png"));
        Assert.Contains("bad.png", ex.Message);
        Assert.Contains("corrupt", ex.Message);
    }

    [Fact]
    public void Spectrogram_file_round_trips_mono_and_stereo()
    {
        var rng = new Random(6);
        var left = new MelSpectrogram(8, 10, Enumerable.Range(0, 80).Select(_ => (float)rng.NextDouble() * 100).ToArray());
        var right = new MelSpectrogram(8, 10, Enumerable.Range(0, 80).Select(_ => (float)rng.NextDouble() * 50).ToArray());
        var p = SpectrogramParameters.Riffusion with { MelBands = 8 };
        foreach (var channels in new[] { new[] { left }, new[] { left, right } })
        {
            string path = Path.Combine(_dir, $"spec{channels.Length}.png");
            SpectrogramImageFile.Save(path, channels, p);
            var (loaded, lp) = SpectrogramImageFile.Load(path);
            Assert.Equal(channels.Length == 2, lp.Stereo);
            Assert.Equal(channels.Length, loaded.Length);
            float max = channels.SelectMany(c => c.Data).Max();
            Assert.Equal(max, lp.MaxValue, 3);
            for (int c = 0; c < channels.Length; c++)
            {
                for (int i = 0; i < 80; i++)
                {
                    // One pixel step near full scale is ~1.6 % of the maximum (4/255), so values agree within that.
                    Assert.InRange(loaded[c].Data[i] - channels[c].Data[i], -0.02 * max, 0.02 * max);
                }
            }
        }
    }

    private static byte[] BE(ushort v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, v);
        return b;
    }

    private static byte[] BE(params uint[] vs)
    {
        var b = new byte[4 * vs.Length];
        for (int i = 0; i < vs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4 * i), vs[i]);
        }

        return b;
    }
}
