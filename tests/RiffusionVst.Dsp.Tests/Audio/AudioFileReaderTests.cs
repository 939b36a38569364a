using System.Buffers.Binary;
using System.Text;
using NAudio.Wave;
using RiffusionVst.Dsp.Audio;

namespace RiffusionVst.Dsp.Tests.Audio;

/// <summary>The one audio-file entry point on real files: every WAV variant, AIFF, MP3, and what is wrong with broken ones.</summary>
public sealed class AudioFileReaderTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "audio");
    private readonly string _dir = Directory.CreateTempSubdirectory("riffusion-audio-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public enum WavVariant
    {
        Pcm8,
        Pcm16,
        Pcm24,
        Pcm32,
        Float32,
        Float64,
        ExtensiblePcm16,
        ExtensiblePcm24,
        ExtensiblePcm32,
        ExtensibleFloat32,
    }

    // Integer codes at the edges and in the middle of each width's range; left plays them forwards, right backwards.
    private static long[] Codes(int bits)
    {
        long full = 1L << (bits - 1);
        return [-full, -full / 2, -1, 0, 1, full / 2, full - 1];
    }

    private static readonly double[] FloatValues = [-1.5, -1, -0.5, -1.0 / 1024, 0, 0.25, 1];

    [Theory]
    [InlineData(WavVariant.Pcm8)]
    [InlineData(WavVariant.Pcm16)]
    [InlineData(WavVariant.Pcm24)]
    [InlineData(WavVariant.Pcm32)]
    [InlineData(WavVariant.Float32)]
    [InlineData(WavVariant.Float64)]
    [InlineData(WavVariant.ExtensiblePcm16)]
    [InlineData(WavVariant.ExtensiblePcm24)]
    [InlineData(WavVariant.ExtensiblePcm32)]
    [InlineData(WavVariant.ExtensibleFloat32)]
    public void Every_wav_variant_reads_back_the_exact_sample_values(WavVariant variant)
    {
        var (path, expected) = WriteWav(variant);
        var clip = AudioFileReader.Read(path);
        Assert.Equal(48_000, clip.SampleRate);
        Assert.Equal(2, clip.ChannelCount);
        Assert.Equal(expected, clip.Channels[0]);
        Assert.Equal(expected.Reverse(), clip.Channels[1]);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void Aiff_reads_back_the_exact_sample_values(int bits)
    {
        long[] codes = Codes(bits);
        string path = Path.Combine(_dir, $"tone-{bits}.aiff");
        File.WriteAllBytes(path, HandAiff(44_100, bits, codes, codes.Reverse().ToArray()));
        var clip = AudioFileReader.Read(path);
        Assert.Equal(44_100, clip.SampleRate);
        Assert.Equal(codes.Select(c => (float)(c / Math.Pow(2, bits - 1))), clip.Channels[0]);
        Assert.Equal(codes.Reverse().Select(c => (float)(c / Math.Pow(2, bits - 1))), clip.Channels[1]);
    }

    [Fact]
    public void Stereo_mp3_decodes_to_exactly_the_encoded_second_of_both_tones()
    {
        var clip = AudioFileReader.Read(Path.Combine(Fixtures, "tone-44100-stereo.mp3"));
        Assert.Equal(44_100, clip.SampleRate);
        Assert.Equal(2, clip.ChannelCount);
        Assert.Equal(44_100, clip.Length); // 40 frames of 1 152, less LAME's 576 + 1 404 and the decoder's 529
        // In phase with the encoded sines from the first sample (encoder and decoder delay removed), at their level.
        Assert.InRange(Correlation(clip.Channels[0], 0.5, 440, 44_100), 0.995, 1.0);
        Assert.InRange(Correlation(clip.Channels[1], 0.25, 1000, 44_100), 0.99, 1.0);
        // The encoding itself lowers the level: lame --decode of the same file gives 0.9500 of the source RMS too.
        Assert.InRange(Rms(clip.Channels[0]) / (0.5 / Math.Sqrt(2)), 0.945, 0.955);
    }

    [Fact]
    public void An_mp3_without_its_info_frame_decodes_every_frame_uncut()
    {
        // The fixture's first frame (128 kbps, 44.1 kHz, no padding: 144·128 000/44 100 = 417 bytes) is its LAME Info frame.
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures, "tone-44100-stereo.mp3"));
        Assert.Equal("Info", Encoding.ASCII.GetString(bytes, 36, 4));
        string path = Path.Combine(_dir, "headerless.mp3");
        File.WriteAllBytes(path, bytes[417..]);
        var clip = AudioFileReader.Read(path);
        Assert.Equal(40 * 1152, clip.Length); // no tag, so nothing is cut: the encoder and decoder delays stay in
        Assert.Equal(2, clip.ChannelCount);
    }

    [Fact]
    public void Mpeg2_mono_mp3_decodes_and_resamples_to_44100_hz_with_the_exact_length()
    {
        var clip = AudioFileReader.Read(Path.Combine(Fixtures, "tone-22050-mono.mp3"));
        Assert.Equal(22_050, clip.SampleRate);
        Assert.Equal(1, clip.ChannelCount);
        Assert.Equal(22_050, clip.Length);
        Assert.InRange(Correlation(clip.Channels[0], 0.5, 440, 22_050), 0.99, 1.0);
        var at44 = clip.WithSampleRate(44_100);
        Assert.Equal(44_100, at44.Length);
        Assert.InRange(Correlation(at44.Channels[0], 0.5, 440, 44_100), 0.99, 1.0);
    }

    [Fact]
    public void A_48_khz_wav_comes_to_44100_hz_through_the_engine_resampler_with_the_exact_length()
    {
        var (path, _) = WriteWav(WavVariant.Pcm16, frames: 48_000);
        var clip = AudioFileReader.Read(path).WithSampleRate(44_100);
        Assert.Equal(44_100, clip.SampleRate);
        Assert.Equal(44_100, clip.Length);
    }

    [Theory]
    [InlineData("notes.wav")]
    [InlineData("notes.mp3")]
    [InlineData("notes.aiff")]
    public void A_text_file_with_an_audio_name_is_refused_by_its_content(string name)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, "ID this is not audio, honestly\n");
        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.Equal(
            $"'{path}' is not a WAV, AIFF or MP3 file (its first bytes are none of RIFF/WAVE, FORM/AIFF, ID3 or an MPEG frame). Convert it to WAV first.",
            ex.Message);
    }

    [Fact]
    public void An_empty_file_is_refused_as_empty()
    {
        string path = Path.Combine(_dir, "empty.mp3");
        File.WriteAllBytes(path, []);
        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.Equal($"'{path}' is empty; it holds no audio. Export or render the clip again.", ex.Message);
    }

    [Theory]
    [InlineData(WavVariant.Pcm16, 0.9)]
    [InlineData(WavVariant.Pcm24, 0.5)]
    [InlineData(WavVariant.Float64, 0.5)]
    [InlineData(WavVariant.ExtensiblePcm24, 0.5)]
    [InlineData(WavVariant.Pcm16, 0.02)]
    public void A_truncated_wav_is_refused_as_truncated(WavVariant variant, double keep)
    {
        var (path, _) = WriteWav(variant, frames: 1000);
        Cut(path, keep);
        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.StartsWith($"'{path}' is truncated: its RIFF header declares ", ex.Message);
    }

    [Fact]
    public void A_truncated_aiff_is_refused_as_truncated()
    {
        long[] codes = Enumerable.Range(0, 500).Select(i => (long)i).ToArray();
        string path = Path.Combine(_dir, "cut.aiff");
        File.WriteAllBytes(path, HandAiff(44_100, 16, codes, codes));
        Cut(path, 0.6);
        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.Equal($"'{path}' is truncated: its FORM header declares 2054 bytes but the file has 1232. Export or copy the file again.", ex.Message);
    }

    [Fact]
    public void A_truncated_mp3_is_refused_as_truncated()
    {
        string path = Path.Combine(_dir, "cut.mp3");
        File.Copy(Path.Combine(Fixtures, "tone-44100-stereo.mp3"), path);
        Cut(path, 0.5);
        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.StartsWith($"'{path}' is truncated: its header announces 46080 samples a channel but only ", ex.Message);
    }

    [Fact]
    public void A_wav_without_a_fmt_chunk_is_refused_as_damaged()
    {
        var bytes = new byte[44];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 36);
        "WAVEjunk"u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 24);
        string path = Path.Combine(_dir, "nofmt.wav");
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.Equal(
            $"'{path}' is a damaged or unsupported WAV file: its fmt or data chunk is missing or broken. Export the clip again as PCM or float WAV.",
            ex.Message);
    }

    [Fact]
    public void An_adpcm_wav_is_refused_naming_its_format_tag()
    {
        string path = Path.Combine(_dir, "adpcm.wav");
        using (var writer = new WaveFileWriter(path, WaveFormat.CreateCustomFormat(WaveFormatEncoding.Adpcm, 8000, 1, 4000, 256, 4)))
        {
            writer.Write(new byte[256]);
        }

        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.Equal(
            $"'{path}' uses format tag 2 with 4 bits per sample; only PCM (8/16/24/32-bit) and float (32/64-bit) WAV can be read. Convert it first.",
            ex.Message);
    }

    [Fact]
    public void An_aiff_without_a_sound_chunk_is_refused_as_damaged()
    {
        var aiff = HandAiff(44_100, 16, [1, 2], [3, 4]);
        int ssnd = aiff.AsSpan().IndexOf("SSND"u8);
        "JUNK"u8.CopyTo(aiff.AsSpan(ssnd));
        string path = Path.Combine(_dir, "nossnd.aiff");
        File.WriteAllBytes(path, aiff);
        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.Equal(
            $"'{path}' is a damaged or unsupported AIFF file: its COMM or SSND chunk is missing or broken, or it is compressed AIFC. Export it again as plain AIFF or WAV.",
            ex.Message);
    }

    [Fact]
    public void An_mp3_whose_frames_are_garbage_is_refused_as_damaged()
    {
        // A valid ID3v2 tag (10-byte header, no frames) followed by text: there is no MPEG frame to find.
        var bytes = new byte[10 + 2000];
        "ID3"u8.CopyTo(bytes);
        bytes[3] = 3;
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not an mpeg frame. ", 110))).AsSpan(0, 2000).CopyTo(bytes.AsSpan(10));
        string path = Path.Combine(_dir, "garbage.mp3");
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidAudioFileException>(() => AudioFileReader.Read(path));
        Assert.Equal(
            $"'{path}' is a damaged or unsupported MP3 file: no MPEG audio frames could be decoded from it. Export it again, or convert it to WAV.",
            ex.Message);
    }

    private (string Path, float[] Left) WriteWav(WavVariant variant, int frames = 0)
    {
        bool isFloat = variant is WavVariant.Float32 or WavVariant.Float64 or WavVariant.ExtensibleFloat32;
        int bits = variant switch
        {
            WavVariant.Pcm8 => 8,
            WavVariant.Pcm16 or WavVariant.ExtensiblePcm16 => 16,
            WavVariant.Pcm24 or WavVariant.ExtensiblePcm24 => 24,
            WavVariant.Float64 => 64,
            _ => 32,
        };
        bool extensible = variant.ToString().StartsWith("Extensible", StringComparison.Ordinal);
        var format = extensible ? new WaveFormatExtensible(48_000, bits, 2, isFloat, bits, 0x3)
            : isFloat ? WaveFormat.CreateCustomFormat(WaveFormatEncoding.IeeeFloat, 48_000, 2, 48_000 * bits / 4, bits / 4, bits)
            : new WaveFormat(48_000, bits, 2);

        double[] values = isFloat ? FloatValues : Codes(bits).Select(c => c / Math.Pow(2, bits - 1)).ToArray();
        if (frames > 0)
        {
            values = Enumerable.Range(0, frames).Select(i => values[i % values.Length]).ToArray();
        }

        using var data = new MemoryStream();
        for (int f = 0; f < values.Length; f++)
        {
            WriteSample(data, values[f], bits, isFloat);
            WriteSample(data, values[values.Length - 1 - f], bits, isFloat);
        }

        string path = Path.Combine(_dir, $"{variant}-{frames}.wav");
        using (var writer = new WaveFileWriter(path, format))
        {
            writer.Write(data.ToArray());
        }

        return (path, values.Select(v => (float)v).ToArray());
    }

    private static void WriteSample(Stream s, double value, int bits, bool isFloat)
    {
        Span<byte> b = stackalloc byte[8];
        if (isFloat && bits == 64)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(b, value);
        }
        else if (isFloat)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b, (float)value);
        }
        else if (bits == 8)
        {
            b[0] = (byte)((int)(value * 128) + 128); // 8-bit WAV is unsigned, offset by 128
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(b, (long)(value * Math.Pow(2, bits - 1)));
        }

        s.Write(b[..(bits / 8)]);
    }

    /// <summary>An AIFF file written by hand from its spec: FORM/AIFF, COMM (80-bit extended rate), SSND with big-endian signed PCM.</summary>
    private static byte[] HandAiff(int rate, int bits, long[] left, long[] right)
    {
        int bytesPerSample = bits / 8;
        using var s = new MemoryStream();
        void Be(long value, int size)
        {
            for (int i = size - 1; i >= 0; i--)
            {
                s.WriteByte((byte)(value >> (8 * i)));
            }
        }

        s.Write("FORM\0\0\0\0AIFF"u8);
        s.Write("COMM"u8);
        Be(18, 4);
        Be(2, 2);
        Be(left.Length, 4);
        Be(bits, 2);
        int exponent = 31 - int.LeadingZeroCount(rate);
        Be(16383 + exponent, 2);
        Be((long)((ulong)rate << (63 - exponent)), 8);
        s.Write("SSND"u8);
        Be(8 + (2L * left.Length * bytesPerSample), 4);
        Be(0, 4); // offset
        Be(0, 4); // block size
        for (int f = 0; f < left.Length; f++)
        {
            Be(left[f], bytesPerSample);
            Be(right[f], bytesPerSample);
        }

        var bytes = s.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }

    private static void Cut(string path, double keep)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
    }

    // Normalised correlation of x with a·sin(2π·hz·n/rate) from sample 0.
    private static double Correlation(float[] x, double amplitude, double hz, int rate)
    {
        double xy = 0, xx = 0, yy = 0;
        for (int n = 0; n < x.Length; n++)
        {
            double y = amplitude * Math.Sin(2 * Math.PI * hz * n / rate);
            xy += x[n] * y;
            xx += (double)x[n] * x[n];
            yy += y * y;
        }

        return xy / Math.Sqrt(xx * yy);
    }

    private static double Rms(float[] x) => Math.Sqrt(x.Average(v => (double)v * v));
}
