using NAudio.Wave;
using RiffusionVst.Dsp.Audio.Decoding;

namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>WAV through NAudio's reader: the sample format it declares, the samples, and our acid/smpl metadata from its chunk list.</summary>
internal static class WavReader
{
    private const int TagPcm = 1;
    private const int TagFloat = 3;

    /// <summary>Decodes a whole WAV file held in memory; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidAudioFileException">Empty, not RIFF/WAVE, truncated, damaged, or an encoding other than PCM and float.</exception>
    public static WavContents Read(byte[] wav, string source)
    {
        if (wav.Length == 0)
        {
            throw new InvalidAudioFileException($"'{source}' is empty; it holds no audio. Export or render the clip again.");
        }

        if (AudioContainers.Detect(wav) != AudioContainer.Wav)
        {
            if (wav.AsSpan().StartsWith("RIFF"u8) && wav.Length < 12)
            {
                throw new InvalidAudioFileException($"'{source}' is truncated: it ends inside the RIFF header. Export the clip again.");
            }

            throw new InvalidAudioFileException($"'{source}' is not a WAV file (no RIFF/WAVE header). Convert it to WAV (PCM or float) first.");
        }

        AudioContainers.RequireComplete(wav, AudioContainer.Wav, source);
        return DecodeErrors.Guard(source, "WAV", () =>
        {
            using var reader = new WaveFileReader(new MemoryStream(wav, writable: false));
            var format = SampleFormat(reader.WaveFormat, source);
            var clip = WaveStreamSamples.ReadAll(reader, lengthIsExact: true);
            return new WavContents(clip, format, reader.Chunks.Read(WavMetadataInterpreter.Instance) ?? new WavMetadata());
        });
    }

    /// <summary>The sample encoding a fmt chunk declares (WAVE_FORMAT_EXTENSIBLE resolved to its sub-format), checked for consistency.</summary>
    private static WavSampleFormat SampleFormat(WaveFormat f, string source)
    {
        if (f.Channels < 1 || f.SampleRate < 1)
        {
            throw new InvalidAudioFileException($"'{source}' declares {f.Channels} channels at {f.SampleRate} Hz; it is corrupt.");
        }

        int tag = (int)f.Encoding;
        if (f.Encoding == WaveFormatEncoding.Extensible)
        {
            Guid subFormat = f switch
            {
                WaveFormatExtensible x => x.SubFormat,
                WaveFormatExtraData { ExtraSize: >= 22 } e => new Guid(e.ExtraData.AsSpan(6, 16)),
                _ => throw new InvalidAudioFileException($"'{source}' has a WAVE_FORMAT_EXTENSIBLE fmt chunk without its sub-format; it is corrupt."),
            };
            tag = subFormat == AudioMediaSubtypes.MEDIASUBTYPE_PCM ? TagPcm
                : subFormat == AudioMediaSubtypes.MEDIASUBTYPE_IEEE_FLOAT ? TagFloat
                : throw new InvalidAudioFileException(
                    $"'{source}' uses the WAVE_FORMAT_EXTENSIBLE sub-format {subFormat}; only PCM (8/16/24/32-bit) and float (32/64-bit) WAV can be read. Convert it first.");
        }

        var format = (tag, f.BitsPerSample) switch
        {
            (TagPcm, 8) => WavSampleFormat.Pcm8,
            (TagPcm, 16) => WavSampleFormat.Pcm16,
            (TagPcm, 24) => WavSampleFormat.Pcm24,
            (TagPcm, 32) => WavSampleFormat.Pcm32,
            (TagFloat, 32) => WavSampleFormat.Float32,
            (TagFloat, 64) => WavSampleFormat.Float64,
            _ => throw new InvalidAudioFileException(
                $"'{source}' uses format tag {tag} with {f.BitsPerSample} bits per sample; only PCM (8/16/24/32-bit) and float (32/64-bit) WAV can be read. Convert it first."),
        };

        if (f.BlockAlign != f.BitsPerSample / 8 * f.Channels)
        {
            throw new InvalidAudioFileException(
                $"'{source}' declares a block size of {f.BlockAlign} bytes for {f.Channels}×{f.BitsPerSample}-bit samples; it is corrupt.");
        }

        return format;
    }
}
