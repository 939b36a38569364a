using NAudio.Wave;

namespace RiffusionVst.Dsp.Audio.Decoding;

/// <summary>AIFF and uncompressed AIFC (8/16/24/32-bit big-endian PCM) through NAudio's reader.</summary>
internal static class AiffDecoder
{
    /// <summary>The clip a whole AIFF file holds, at its own rate.</summary>
    /// <exception cref="InvalidAudioFileException">The file is truncated, damaged or of an encoding NAudio does not read.</exception>
    public static AudioClip Decode(byte[] file, string source)
    {
        AudioContainers.RequireComplete(file, AudioContainer.Aiff, source);
        return DecodeErrors.Guard(source, "AIFF", () =>
        {
            using var reader = new AiffFileReader(new MemoryStream(file, writable: false));
            var format = reader.WaveFormat;
            if (format.Channels < 1 || format.SampleRate < 1 || format.BitsPerSample is not (8 or 16 or 24 or 32))
            {
                throw new InvalidAudioFileException(
                    $"'{source}' declares {format.Channels} channels of {format.BitsPerSample}-bit samples at {format.SampleRate} Hz; " +
                    "only 8/16/24/32-bit AIFF can be read. Export it again, or convert it to WAV.");
            }

            return WaveStreamSamples.ReadAll(reader, lengthIsExact: true);
        });
    }
}
