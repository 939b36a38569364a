using System.Buffers.Binary;
using System.Text;

namespace RiffusionVst.Engine.Audio.Wav;

/// <summary>Parses RIFF/WAVE bytes: the fmt, data, acid and smpl chunks; every other chunk is skipped.</summary>
internal static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Decodes a whole WAV file held in memory; <paramref name="source"/> names it in error messages.</summary>
    public static WavContents Read(ReadOnlySpan<byte> wav, string source)
    {
        if (wav.Length == 0)
        {
            throw new InvalidAudioFileException($"'{source}' is empty; it holds no audio. Export or render the clip again.");
        }

        if (wav.Length < 12 || !wav[..4].SequenceEqual("RIFF"u8) || !wav.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            if (wav.Length >= 4 && wav[..4].SequenceEqual("RIFF"u8) && wav.Length < 12)
            {
                throw new InvalidAudioFileException($"'{source}' is truncated: it ends inside the RIFF header. Export the clip again.");
            }

            throw new InvalidAudioFileException($"'{source}' is not a WAV file (no RIFF/WAVE header). Convert it to WAV (PCM or float) first.");
        }

        ushort formatTag = 0;
        int channels = 0, sampleRate = 0, blockAlign = 0, bits = 0;
        bool haveFormat = false;
        int dataOffset = -1, dataLength = 0;
        var metadata = new WavMetadata();

        int pos = 12;
        while (wav.Length - pos >= 8)
        {
            string id = Encoding.ASCII.GetString(wav.Slice(pos, 4));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(wav[(pos + 4)..]);
            int body = pos + 8;
            long available = wav.Length - body;
            if (size > available)
            {
                throw new InvalidAudioFileException(
                    $"'{source}' is truncated: chunk '{id}' at byte {pos} declares {size} bytes but only {available} remain. Export the clip again.");
            }

            var chunk = wav.Slice(body, (int)size);
            switch (id)
            {
                case "fmt ":
                    if (size < 16)
                    {
                        throw new InvalidAudioFileException($"'{source}' has a broken fmt chunk ({size} bytes, at least 16 needed).");
                    }

                    formatTag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
                    channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
                    sampleRate = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]), int.MaxValue);
                    blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
                    bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
                    if (formatTag == FormatExtensible)
                    {
                        if (size < 40)
                        {
                            throw new InvalidAudioFileException($"'{source}' has a WAVE_FORMAT_EXTENSIBLE fmt chunk of {size} bytes (40 needed).");
                        }

                        // The sub-format GUID starts with the classic format tag.
                        formatTag = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
                    }

                    haveFormat = true;
                    break;
                case "data":
                    dataOffset = body;
                    dataLength = (int)size;
                    break;
                case "acid" when size >= 24:
                    metadata = ReadAcid(chunk, metadata);
                    break;
                case "smpl" when size >= 36:
                    metadata = ReadSmpl(chunk, metadata);
                    break;
            }

            // Chunks are word-aligned: an odd size is followed by one pad byte.
            pos = body + (int)size + (int)(size & 1);
        }

        if (!haveFormat)
        {
            throw new InvalidAudioFileException($"'{source}' has no fmt chunk, so its sample format is unknown; it is truncated or not a real WAV file.");
        }

        if (dataOffset < 0)
        {
            throw new InvalidAudioFileException($"'{source}' has no data chunk; it is truncated or holds no audio.");
        }

        if (channels < 1 || sampleRate < 1)
        {
            throw new InvalidAudioFileException($"'{source}' declares {channels} channels at {sampleRate} Hz; it is corrupt.");
        }

        var format = (formatTag, bits) switch
        {
            (FormatPcm, 8) => WavSampleFormat.Pcm8,
            (FormatPcm, 16) => WavSampleFormat.Pcm16,
            (FormatPcm, 24) => WavSampleFormat.Pcm24,
            (FormatPcm, 32) => WavSampleFormat.Pcm32,
            (FormatFloat, 32) => WavSampleFormat.Float32,
            (FormatFloat, 64) => WavSampleFormat.Float64,
            _ => throw new InvalidAudioFileException(
                $"'{source}' uses format tag {formatTag} with {bits} bits per sample; only PCM (8/16/24/32-bit) and float (32/64-bit) WAV can be read. Convert it first."),
        };

        int bytesPerSample = bits / 8;
        if (blockAlign != bytesPerSample * channels)
        {
            throw new InvalidAudioFileException($"'{source}' declares a block size of {blockAlign} bytes for {channels}×{bits}-bit samples; it is corrupt.");
        }

        int frames = dataLength / blockAlign;
        var samples = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            samples[c] = new float[frames];
        }

        var data = wav.Slice(dataOffset, frames * blockAlign);
        Decode(data, format, samples);
        return new WavContents(new AudioClip(sampleRate, samples), format, metadata);
    }

    private static void Decode(ReadOnlySpan<byte> data, WavSampleFormat format, float[][] samples)
    {
        int channels = samples.Length;
        int frames = samples[0].Length;
        int i = 0;
        for (int f = 0; f < frames; f++)
        {
            for (int c = 0; c < channels; c++)
            {
                samples[c][f] = format switch
                {
                    WavSampleFormat.Pcm8 => (data[i] - 128) / 128f,
                    WavSampleFormat.Pcm16 => BinaryPrimitives.ReadInt16LittleEndian(data[i..]) / 32768f,
                    WavSampleFormat.Pcm24 => (((data[i + 2] << 24) | (data[i + 1] << 16) | (data[i] << 8)) >> 8) / 8388608f,
                    WavSampleFormat.Pcm32 => (float)(BinaryPrimitives.ReadInt32LittleEndian(data[i..]) / 2147483648.0),
                    WavSampleFormat.Float32 => BinaryPrimitives.ReadSingleLittleEndian(data[i..]),
                    _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(data[i..]),
                };
                i += format switch
                {
                    WavSampleFormat.Pcm8 => 1,
                    WavSampleFormat.Pcm16 => 2,
                    WavSampleFormat.Pcm24 => 3,
                    WavSampleFormat.Float64 => 8,
                    _ => 4,
                };
            }
        }
    }

    private static WavMetadata ReadAcid(ReadOnlySpan<byte> acid, WavMetadata m)
    {
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(acid);
        return m with
        {
            OneShot = (flags & 0x01) != 0,
            RootNote = (flags & 0x02) != 0 ? BinaryPrimitives.ReadUInt16LittleEndian(acid[4..]) : null,
            Beats = (int)BinaryPrimitives.ReadUInt32LittleEndian(acid[12..]),
            MeterDenominator = BinaryPrimitives.ReadUInt16LittleEndian(acid[16..]),
            MeterNumerator = BinaryPrimitives.ReadUInt16LittleEndian(acid[18..]),
            Tempo = BinaryPrimitives.ReadSingleLittleEndian(acid[20..]),
        };
    }

    private static WavMetadata ReadSmpl(ReadOnlySpan<byte> smpl, WavMetadata m)
    {
        uint loops = BinaryPrimitives.ReadUInt32LittleEndian(smpl[28..]);
        if (loops == 0 || smpl.Length < 36 + 24)
        {
            return m;
        }

        var loop = smpl[36..];
        return m with
        {
            LoopStart = BinaryPrimitives.ReadUInt32LittleEndian(loop[8..]),
            LoopEnd = BinaryPrimitives.ReadUInt32LittleEndian(loop[12..]),
        };
    }
}
