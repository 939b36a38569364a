using System.Buffers.Binary;
using NAudio.Wave;

namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>Builds WAV bytes with NAudio's writer, extended with our acid and smpl chunks, from samples we quantise ourselves.</summary>
/// <remarks>
/// NAudio's <see cref="WaveFileWriter"/> owns the container (header, fmt, fact, sizes, RF64 when asked) and takes extra chunks
/// through <see cref="WaveFileWriter.AddChunk(string, byte[], ChunkPosition)"/>, so we extend it rather than keep a RIFF writer of
/// our own: only the acid and smpl layouts (<see cref="AcidChunk"/>, <see cref="SmplChunk"/>) are ours. The sample bytes stay ours
/// because NAudio's <c>WriteSample</c> scales by 2^(bits−1)−1 and truncates, which is not the inverse of its own reader (÷ 2^(bits−1)):
/// <see cref="SampleQuantizer"/> rounds to nearest with that exact scale (a clip on the integer grid round-trips bit-exactly),
/// clamps, and can add TPDF dither.
/// </remarks>
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

        // NAudio writes the container: RIFF/WAVE, fmt (and fact for float), our chunks before data, the sizes when it closes.
        var waveFormat = format == WavSampleFormat.Float32
            ? WaveFormat.CreateIeeeFloatWaveFormat(clip.SampleRate, channels)
            : new WaveFormat(clip.SampleRate, bits, channels);
        using var s = new MemoryStream((int)Math.Min(dataBytes + 256, int.MaxValue));
        using (var writer = new WaveFileWriter(s, waveFormat))
        {
            if (options.Metadata is { } m)
            {
                if (m.Tempo is not null || m.Beats is not null)
                {
                    writer.AddChunk(AcidChunk.Id, AcidChunk.Encode(m), ChunkPosition.BeforeData);
                }

                writer.AddChunk(SmplChunk.Id, SmplChunk.Encode(m, clip.SampleRate, clip.Length), ChunkPosition.BeforeData);
            }

            var data = new byte[dataBytes];
            Encode(clip, format, options.DitherSeed, data);
            writer.Write(data);
        }

        return s.ToArray();
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
}
