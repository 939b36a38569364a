using System.Buffers.Binary;
using System.Text;

namespace RiffusionVst.Engine.Audio.Wav;

/// <summary>Builds RIFF/WAVE bytes: fmt (plus fact for float), optional acid and smpl, then data.</summary>
internal static class WavWriter
{
    /// <summary>Encodes a clip with the given options.</summary>
    public static byte[] Write(AudioClip clip, WavWriteOptions options)
    {
        var format = options.Format;
        if (format == WavSampleFormat.Float64)
        {
            throw new ArgumentException("Writing 64-bit float WAV is not supported; use Float32, which keeps every sample exactly.", nameof(options));
        }

        int bits = format switch
        {
            WavSampleFormat.Pcm8 => 8,
            WavSampleFormat.Pcm16 => 16,
            WavSampleFormat.Pcm24 => 24,
            _ => 32,
        };
        int bytesPerSample = bits / 8;
        int channels = clip.ChannelCount;
        int blockAlign = bytesPerSample * channels;
        long dataBytes = (long)blockAlign * clip.Length;
        if (dataBytes > uint.MaxValue - 1024)
        {
            throw new ArgumentException($"The clip needs {dataBytes} bytes of audio data, more than a WAV file can hold (4 GiB).", nameof(clip));
        }

        using var s = new MemoryStream((int)Math.Min(dataBytes + 256, int.MaxValue));
        s.Write("RIFF"u8);
        s.Write(new byte[4]);
        s.Write("WAVE"u8);

        bool isFloat = format == WavSampleFormat.Float32;
        var fmt = new byte[isFloat ? 18 : 16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, (ushort)(isFloat ? 3 : 1));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(clip.SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        Chunk(s, "fmt ", fmt);
        if (isFloat)
        {
            var fact = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(fact, (uint)clip.Length);
            Chunk(s, "fact", fact);
        }

        if (options.Metadata is { } m)
        {
            if (m.Tempo is not null || m.Beats is not null)
            {
                Chunk(s, "acid", Acid(m));
            }

            Chunk(s, "smpl", Smpl(m, clip));
        }

        var data = new byte[dataBytes];
        Encode(clip, format, options.DitherSeed, data);
        Chunk(s, "data", data);

        byte[] bytes = s.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    private static byte[] Acid(WavMetadata m)
    {
        var acid = new byte[24];
        uint flags = 0x02 | 0x04; // root note set, stretch on
        if (m.OneShot == true)
        {
            flags |= 0x01;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(acid, flags);
        BinaryPrimitives.WriteUInt16LittleEndian(acid.AsSpan(4), (ushort)(m.RootNote ?? 60));
        BinaryPrimitives.WriteUInt16LittleEndian(acid.AsSpan(6), 0x8000);
        BinaryPrimitives.WriteUInt32LittleEndian(acid.AsSpan(12), (uint)(m.Beats ?? 0));
        BinaryPrimitives.WriteUInt16LittleEndian(acid.AsSpan(16), (ushort)(m.MeterDenominator ?? 4));
        BinaryPrimitives.WriteUInt16LittleEndian(acid.AsSpan(18), (ushort)(m.MeterNumerator ?? 4));
        BinaryPrimitives.WriteSingleLittleEndian(acid.AsSpan(20), (float)(m.Tempo ?? 0));
        return acid;
    }

    private static byte[] Smpl(WavMetadata m, AudioClip clip)
    {
        var smpl = new byte[36 + 24];
        BinaryPrimitives.WriteUInt32LittleEndian(smpl.AsSpan(8), (uint)Math.Round(1e9 / clip.SampleRate));
        BinaryPrimitives.WriteUInt32LittleEndian(smpl.AsSpan(12), (uint)(m.RootNote ?? 60));
        BinaryPrimitives.WriteUInt32LittleEndian(smpl.AsSpan(28), 1);
        var loop = smpl.AsSpan(36);
        long start = m.LoopStart ?? 0;
        long end = m.LoopEnd ?? clip.Length - 1L;
        if (start < 0 || end < start || end > uint.MaxValue)
        {
            throw new ArgumentException($"Loop {start}..{end} is not a valid sample range (0 ≤ start ≤ end).", nameof(m));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(loop[4..], 0); // forward loop
        BinaryPrimitives.WriteUInt32LittleEndian(loop[8..], (uint)start);
        BinaryPrimitives.WriteUInt32LittleEndian(loop[12..], (uint)end);
        return smpl;
    }

    private static void Encode(AudioClip clip, WavSampleFormat format, int? ditherSeed, byte[] data)
    {
        var dither = ditherSeed is int seed ? new Random(seed) : null;
        int channels = clip.ChannelCount;
        var span = data.AsSpan();
        int i = 0;
        for (int f = 0; f < clip.Length; f++)
        {
            for (int c = 0; c < channels; c++)
            {
                float x = clip.Channels[c][f];
                switch (format)
                {
                    case WavSampleFormat.Float32:
                        BinaryPrimitives.WriteSingleLittleEndian(span[i..], x);
                        i += 4;
                        break;
                    case WavSampleFormat.Pcm8:
                        span[i++] = (byte)(SampleQuantizer.Quantize(x, 8, dither) + 128);
                        break;
                    case WavSampleFormat.Pcm16:
                        BinaryPrimitives.WriteInt16LittleEndian(span[i..], (short)SampleQuantizer.Quantize(x, 16, dither));
                        i += 2;
                        break;
                    case WavSampleFormat.Pcm24:
                        int v = SampleQuantizer.Quantize(x, 24, dither);
                        span[i] = (byte)v;
                        span[i + 1] = (byte)(v >> 8);
                        span[i + 2] = (byte)(v >> 16);
                        i += 3;
                        break;
                    default:
                        BinaryPrimitives.WriteInt32LittleEndian(span[i..], SampleQuantizer.Quantize(x, 32, dither));
                        i += 4;
                        break;
                }
            }
        }
    }

    private static void Chunk(Stream s, string id, byte[] body)
    {
        Span<byte> head = stackalloc byte[8];
        Encoding.ASCII.GetBytes(id, head);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], (uint)body.Length);
        s.Write(head);
        s.Write(body);
        if ((body.Length & 1) != 0)
        {
            s.WriteByte(0);
        }
    }
}
