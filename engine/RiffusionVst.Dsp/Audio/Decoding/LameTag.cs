using NAudio.Wave;

namespace RiffusionVst.Dsp.Audio.Decoding;

/// <summary>
/// The encoder delay and end padding that LAME (and ffmpeg, in the same layout) record after the Xing/Info header, so the
/// decoded stream can be cut back to the samples that were encoded. NAudio parses the Xing header but not this tag.
/// </summary>
/// <remarks>Without the cut an MP3 of one bar is about 2 000 samples longer than the bar and starts 25 ms late, which shifts a
/// seed's beat grid and, when the whole clip is taken as N bars, its tempo. NLayer 3.0.1's own <c>MpegFile</c> also cuts, but
/// its output lags the encoded input by 529 samples (the decoder delay) on our 44.1 kHz fixture, where this cut lines up at
/// lag 0 (AudioFileReaderTests checks the phase against the encoded sine); it would also bypass NAudio's frame reader.</remarks>
/// <param name="EncoderDelay">Samples the encoder put before the first input sample.</param>
/// <param name="Padding">Samples the encoder added after the last input sample to fill the last frame.</param>
internal readonly record struct LameTag(int EncoderDelay, int Padding)
{
    /// <summary>Samples a standard Layer III decoder (hybrid filterbank) emits before the encoder's first sample: 528 + 1.</summary>
    public const int DecoderDelay = 529;

    /// <summary>The tag of the file's Xing/Info frame, or null when it has none (or not one of LAME's layout).</summary>
    public static LameTag? Find(XingHeader? xing)
    {
        if (xing?.Mp3Frame?.RawData is not { } data)
        {
            return null;
        }

        // The Xing/Info header sits after the side information, 13–36 bytes in; find its identifier.
        int xingAt = -1;
        for (int i = 4; i + 8 <= Math.Min(data.Length, 64) && xingAt < 0; i++)
        {
            if (data.AsSpan(i, 4).SequenceEqual("Xing"u8) || data.AsSpan(i, 4).SequenceEqual("Info"u8))
            {
                xingAt = i;
            }
        }

        if (xingAt < 0)
        {
            return null;
        }

        // Identifier and flags, then the optional frame count (4), byte count (4), table of contents (100) and quality (4).
        int flags = data[xingAt + 7];
        int tagAt = xingAt + 8 + ((flags & 1) * 4) + ((flags & 2) * 2) + ((flags & 4) * 25) + ((flags & 8) / 2);
        if (tagAt + 24 > data.Length)
        {
            return null;
        }

        var id = data.AsSpan(tagAt, 4);
        if (!id.SequenceEqual("LAME"u8) && !id.SequenceEqual("Lavc"u8) && !id.SequenceEqual("Lavf"u8))
        {
            return null;
        }

        // Bytes 21–23 of the tag: two 12-bit numbers, delay then padding.
        int delay = (data[tagAt + 21] << 4) | (data[tagAt + 22] >> 4);
        int padding = ((data[tagAt + 22] & 0x0F) << 8) | data[tagAt + 23];
        return new LameTag(delay, padding);
    }

    /// <summary>The decoded samples that stand for the encoded input: the first <see cref="EncoderDelay"/> + 529 dropped, and the padding at the end.</summary>
    public (int Start, int Length) EncodedRange(int decodedLength)
    {
        int start = Math.Min(EncoderDelay + DecoderDelay, decodedLength);
        int tail = Math.Max(0, Padding - DecoderDelay);
        return (start, Math.Max(0, decodedLength - start - tail));
    }
}
