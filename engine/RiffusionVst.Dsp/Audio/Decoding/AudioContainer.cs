using System.Buffers.Binary;

namespace RiffusionVst.Dsp.Audio.Decoding;

/// <summary>The file formats the engine reads, told apart by their first bytes (never by the file name).</summary>
internal enum AudioContainer
{
    /// <summary>Not a format the engine reads.</summary>
    Unknown,

    /// <summary>RIFF/WAVE (or RF64/WAVE).</summary>
    Wav,

    /// <summary>FORM/AIFF or uncompressed FORM/AIFC, big-endian PCM.</summary>
    Aiff,

    /// <summary>MPEG audio: an ID3v2 tag or a frame sync word first.</summary>
    Mp3,
}

/// <summary>Recognises a container and checks that its outer header fits the file.</summary>
internal static class AudioContainers
{
    /// <summary>What the first bytes of <paramref name="file"/> say it is.</summary>
    public static AudioContainer Detect(ReadOnlySpan<byte> file)
    {
        if (file.Length >= 12 && (file[..4].SequenceEqual("RIFF"u8) || file[..4].SequenceEqual("RF64"u8)) && file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return AudioContainer.Wav;
        }

        if (file.Length >= 12 && file[..4].SequenceEqual("FORM"u8) && (file.Slice(8, 4).SequenceEqual("AIFF"u8) || file.Slice(8, 4).SequenceEqual("AIFC"u8)))
        {
            return AudioContainer.Aiff;
        }

        // An ID3v2 tag, or 11 set bits of an MPEG frame header; text never starts with 0xFF.
        if ((file.Length >= 3 && file[..3].SequenceEqual("ID3"u8)) || (file.Length >= 2 && file[0] == 0xFF && (file[1] & 0xE0) == 0xE0))
        {
            return AudioContainer.Mp3;
        }

        return AudioContainer.Unknown;
    }

    /// <summary>
    /// Throws when the RIFF or FORM header declares more bytes than the file holds. NAudio reads such a file as far as it
    /// goes (or misses its data chunk), so a cut-off download would pass silently as a shorter clip.
    /// </summary>
    /// <exception cref="InvalidAudioFileException">The file ends before its header says it does.</exception>
    public static void RequireComplete(ReadOnlySpan<byte> file, AudioContainer container, string source)
    {
        if (container is not (AudioContainer.Wav or AudioContainer.Aiff))
        {
            return;
        }

        uint declared = container == AudioContainer.Wav
            ? BinaryPrimitives.ReadUInt32LittleEndian(file[4..])
            : BinaryPrimitives.ReadUInt32BigEndian(file[4..]);

        // RF64 and files written to a pipe carry a placeholder (0xFFFFFFFF, or 0) here instead of the size.
        if (declared is 0 or uint.MaxValue)
        {
            return;
        }

        long expected = 8L + declared;
        if (expected > file.Length)
        {
            string kind = container == AudioContainer.Wav ? "RIFF" : "FORM";
            throw new InvalidAudioFileException(
                $"'{source}' is truncated: its {kind} header declares {expected} bytes but the file has {file.Length}. Export or copy the file again.");
        }
    }
}
