using NAudio.Wave;

namespace RiffusionVst.Dsp.Audio.Decoding;

/// <summary>MP3 (MPEG-1/2/2.5 layers I–III): NAudio finds the frames, NLayer decodes them.</summary>
internal static class Mp3Decoder
{
    // Frames the decoder may legitimately not deliver at the end (bit reservoir) before a short file counts as truncated.
    private const int FrameSlack = 2;

    // Layer III at 32–48 kHz; MPEG-2 frames hold half as many, so the slack is then four frames.
    private const int SamplesPerFrame = 1152;

    /// <summary>The clip a whole MP3 file holds, at its own rate; with a LAME/ffmpeg tag, cut to the samples that were encoded (gapless).</summary>
    /// <exception cref="InvalidAudioFileException">No frame decodes, or the Xing/Info header counts more frames than the file holds.</exception>
    /// <remarks>A file without a Xing/Info header that is cut mid-stream cannot be told from a shorter one: it decodes up to its last whole frame.</remarks>
    public static AudioClip Decode(byte[] file, string source) => DecodeErrors.Guard(source, "MP3", () =>
    {
        using var reader = new Mp3FileReaderBase(new MemoryStream(file, writable: false), format => new NLayerFrameDecompressor(format));
        int blockAlign = reader.WaveFormat.BlockAlign;

        // With a Xing/Info header NAudio's length is exact (frames × samples a frame); without one it is an estimate.
        long declared = reader.XingHeader is { Frames: > 0 } ? reader.Length / blockAlign : -1;
        var clip = WaveStreamSamples.ReadAll(reader, reader.IsLengthExact);
        if (declared > 0 && clip.Length + (FrameSlack * SamplesPerFrame) < declared)
        {
            throw new InvalidAudioFileException(
                $"'{source}' is truncated: its header announces {declared} samples a channel but only {clip.Length} could be decoded. Export or copy the file again.");
        }

        if (LameTag.Find(reader.XingHeader) is not { } tag)
        {
            return clip;
        }

        var (start, length) = tag.EncodedRange(clip.Length);
        return new AudioClip(clip.SampleRate, clip.Channels.Select(c => c.AsSpan(start, length).ToArray()).ToArray());
    });
}
