using System.Buffers.Binary;
using System.Text;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Wav;

namespace RiffusionVst.Dsp.Tests.Audio.Wav;

public sealed class WavFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("riffusion-wav-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static float[] Grid(int length, int bits, int seed)
    {
        // Random values that lie exactly on the integer grid of the given width.
        var rng = new Random(seed);
        double scale = Math.Pow(2, bits - 1);
        return Enumerable.Range(0, length).Select(_ => (float)(rng.NextInt64(-(long)scale, (long)scale) / scale)).ToArray();
    }

    [Fact]
    public void Float32_round_trip_is_bit_exact_even_beyond_full_scale()
    {
        var rng = new Random(1);
        var left = Enumerable.Range(0, 1001).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        left[0] = float.Epsilon;
        left[1] = -0f;
        var right = Enumerable.Range(0, 1001).Select(_ => (float)rng.NextDouble()).ToArray();
        var read = WavFile.Read(WavFile.Encode(new AudioClip(48000, left, right)));
        Assert.Equal(WavSampleFormat.Float32, read.Format);
        Assert.Equal(48000, read.Clip.SampleRate);
        Assert.Equal(left.Select(BitConverter.SingleToInt32Bits), read.Clip.Channels[0].Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(right.Select(BitConverter.SingleToInt32Bits), read.Clip.Channels[1].Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm8, 8, 1)]
    [InlineData(WavSampleFormat.Pcm16, 16, 1)]
    [InlineData(WavSampleFormat.Pcm16, 16, 2)]
    [InlineData(WavSampleFormat.Pcm24, 24, 1)]
    [InlineData(WavSampleFormat.Pcm24, 24, 2)]
    [InlineData(WavSampleFormat.Pcm32, 24, 2)] // 24-bit grid values are exact in float and on the 32-bit grid
    public void Pcm_round_trip_of_quantised_samples_is_bit_exact(WavSampleFormat format, int gridBits, int channels)
    {
        var data = Enumerable.Range(0, channels).Select(c => Grid(777, gridBits, c + 10)).ToArray();
        data[0][0] = -1f;
        string path = Path.Combine(_dir, $"{format}-{channels}.wav");
        WavFile.Write(path, new AudioClip(44100, data), new WavWriteOptions { Format = format });
        var read = WavFile.Read(path);
        Assert.Equal(format, read.Format);
        Assert.Equal(channels, read.Clip.ChannelCount);
        for (int c = 0; c < channels; c++)
        {
            Assert.Equal(data[c], read.Clip.Channels[c]);
        }
    }

    [Fact]
    public void Quantisation_rounds_to_nearest_and_clamps()
    {
        const float lsb = 1f / 32768;
        var samples = new[] { 0.4f * lsb, 0.6f * lsb, -0.6f * lsb, 100.4f * lsb, 1.5f, -2f, 1f };
        var bytes = WavFile.Encode(new AudioClip(8000, samples), new WavWriteOptions { Format = WavSampleFormat.Pcm16 });
        var read = WavFile.Read(bytes).Clip.Channels[0].Select(x => (int)Math.Round(x * 32768)).ToArray();
        Assert.Equal(new[] { 0, 1, -1, 100, 32767, -32768, 32767 }, read);
    }

    [Fact]
    public void Tpdf_dither_is_reproducible_and_unbiased()
    {
        const float lsb = 1f / 32768;
        var samples = Enumerable.Repeat(0.25f * lsb, 40000).ToArray();
        var clip = new AudioClip(8000, samples);
        var plain = WavFile.Read(WavFile.Encode(clip, new WavWriteOptions { Format = WavSampleFormat.Pcm16 })).Clip.Channels[0];
        Assert.All(plain, x => Assert.Equal(0f, x));
        var a = WavFile.Encode(clip, new WavWriteOptions { Format = WavSampleFormat.Pcm16, DitherSeed = 7 });
        var b = WavFile.Encode(clip, new WavWriteOptions { Format = WavSampleFormat.Pcm16, DitherSeed = 7 });
        Assert.Equal(a, b);
        var dithered = WavFile.Read(a).Clip.Channels[0];
        double meanLsb = dithered.Average(x => (double)x) * 32768;
        Assert.InRange(meanLsb, 0.2, 0.3);
        Assert.All(dithered, x => Assert.InRange(x * 32768, -1.01, 2.01));
    }

    [Fact]
    public void Acid_tempo_and_smpl_loop_read_back_equal_to_written()
    {
        int length = 88200;
        var meta = WavMetadata.ForLoop(123.456, 8, length, beatsPerBar: 3, beatUnit: 8);
        var bytes = WavFile.Encode(new AudioClip(44100, new float[length], new float[length]),
            new WavWriteOptions { Format = WavSampleFormat.Pcm24, Metadata = meta });
        var m = WavFile.Read(bytes).Metadata;
        Assert.Equal((double)123.456f, m.Tempo);
        Assert.Equal(8, m.Beats);
        Assert.Equal(3, m.MeterNumerator);
        Assert.Equal(8, m.MeterDenominator);
        Assert.Equal(60, m.RootNote);
        Assert.False(m.OneShot);
        Assert.Equal(0, m.LoopStart);
        Assert.Equal(length - 1, m.LoopEnd);
    }

    [Fact]
    public void Acid_chunk_has_the_documented_layout()
    {
        var bytes = WavFile.Encode(new AudioClip(44100, new float[10]), new WavWriteOptions { Metadata = WavMetadata.ForLoop(140, 16, 10) });
        int at = IndexOf(bytes, "acid");
        Assert.Equal(24, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4)));
        var acid = bytes.AsSpan(at + 8, 24);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(acid) & 1); // not a one-shot
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(acid[12..]));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(acid[16..]));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(acid[18..]));
        Assert.Equal(140f, BinaryPrimitives.ReadSingleLittleEndian(acid[20..]));
        int s = IndexOf(bytes, "smpl");
        var loop = bytes.AsSpan(s + 8 + 36, 24);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(loop[4..]));  // forward
        Assert.Equal(9u, BinaryPrimitives.ReadUInt32LittleEndian(loop[12..])); // last sample
    }

    [Fact]
    public void Streams_round_trip_like_files()
    {
        var x = Grid(100, 16, 4);
        using var stream = new MemoryStream();
        WavFile.Write(stream, new AudioClip(32000, x), new WavWriteOptions { Format = WavSampleFormat.Pcm16 });
        stream.Position = 0;
        var read = WavFile.Read(stream);
        Assert.Equal(32000, read.Clip.SampleRate);
        Assert.Equal(x, read.Clip.Channels[0]);
    }

    [Fact]
    public void Without_metadata_nothing_is_reported()
    {
        var m = WavFile.Read(WavFile.Encode(new AudioClip(44100, new float[3]))).Metadata;
        Assert.Equal(new WavMetadata(), m);
    }

    [Fact]
    public void Unknown_chunks_with_odd_sizes_are_skipped()
    {
        var pcm = new byte[] { 0x01, 0x00, 0xFF, 0x7F, 0x00, 0x80 }; // 1, 32767, -32768
        var wav = HandWav(
            ("LIST", Encoding.ASCII.GetBytes("INFOabc")),            // 7 bytes, padded
            ("fmt ", Fmt(1, 1, 22050, 16)),
            ("junk", [1, 2, 3]),
            ("data", pcm),
            ("zzzz", [9]));
        var read = WavFile.Read(wav);
        Assert.Equal(22050, read.Clip.SampleRate);
        Assert.Equal(new[] { 1 / 32768f, 32767 / 32768f, -1f }, read.Clip.Channels[0]);
    }

    [Fact]
    public void Extensible_24_bit_stereo_is_read()
    {
        var fmt = new byte[40];
        Fmt(0xFFFE, 2, 96000, 24).CopyTo(fmt, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), 24);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), 3);
        new Guid("00000001-0000-0010-8000-00aa00389b71").TryWriteBytes(fmt.AsSpan(24)); // KSDATAFORMAT_SUBTYPE_PCM
        var data = new byte[] { 0x00, 0x00, 0x40, 0xFF, 0xFF, 0xFF }; // left = 0x400000 = 0.5, right = −1 LSB
        var read = WavFile.Read(HandWav(("fmt ", fmt), ("data", data)));
        Assert.Equal(WavSampleFormat.Pcm24, read.Format);
        Assert.Equal(0.5f, read.Clip.Channels[0][0]);
        Assert.Equal(-1f / 8388608, read.Clip.Channels[1][0]);
    }

    [Fact]
    public void Empty_file_gives_a_clear_error()
    {
        string path = Path.Combine(_dir, "empty.wav");
        File.WriteAllBytes(path, []);
        var ex = Assert.Throws<InvalidAudioFileException>(() => WavFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Non_wav_file_gives_a_clear_error()
    {
        string path = Path.Combine(_dir, "text.wav");
        File.WriteAllText(path, "ID3 this is an mp3, honestly");
        var ex = Assert.Throws<InvalidAudioFileException>(() => WavFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("not a WAV", ex.Message);
        var avi = HandWav(("fmt ", Fmt(1, 1, 8000, 16)));
        Encoding.ASCII.GetBytes("AVI ").CopyTo(avi, 8);
        Assert.Throws<InvalidAudioFileException>(() => WavFile.Read(avi));
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.5)]
    [InlineData(0.02)]
    public void Truncated_file_gives_a_clear_error(double keep)
    {
        var bytes = WavFile.Encode(new AudioClip(44100, new float[1000]), new WavWriteOptions { Format = WavSampleFormat.Pcm16 });
        string path = Path.Combine(_dir, "cut.wav");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        var ex = Assert.Throws<InvalidAudioFileException>(() => WavFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    private static int IndexOf(byte[] haystack, string id) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(id));

    private static byte[] Fmt(ushort tag, ushort channels, int rate, ushort bits)
    {
        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), rate * channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        return fmt;
    }

    private static byte[] HandWav(params (string Id, byte[] Body)[] chunks)
    {
        using var s = new MemoryStream();
        s.Write("RIFF\0\0\0\0WAVE"u8);
        foreach (var (id, body) in chunks)
        {
            s.Write(Encoding.ASCII.GetBytes(id));
            var size = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(size, body.Length);
            s.Write(size);
            s.Write(body);
            if (body.Length % 2 == 1)
            {
                s.WriteByte(0); // the pad byte RIFF prescribes (NAudio reads a non-zero one as the next chunk's start)
            }
        }

        var bytes = s.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }
}
