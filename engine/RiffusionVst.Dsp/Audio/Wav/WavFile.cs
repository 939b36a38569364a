namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>Reads and writes WAV files: 8/16/24/32-bit PCM and 32-bit float (64-bit float and WAVE_FORMAT_EXTENSIBLE are read too), any channel count.</summary>
/// <remarks>Both directions go through NAudio. Written files carry an <c>acid</c> chunk (tempo, beats, meter, loop mode) and a
/// <c>smpl</c> chunk with one forward loop when metadata is given, so DAWs that import the clip know its tempo and loop points;
/// reading gives them back with the sample format. To read audio of any supported format, use <see cref="AudioFileReader"/>.</remarks>
public static class WavFile
{
    /// <summary>Reads a WAV file.</summary>
    /// <exception cref="InvalidAudioFileException">The file is empty, truncated, not RIFF/WAVE, or of an unsupported encoding.</exception>
    public static WavContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return WavReader.Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads the WAV bytes of an array (not copied); <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidAudioFileException">The bytes are empty, truncated, not RIFF/WAVE, or of an unsupported encoding.</exception>
    public static WavContents Read(byte[] wav, string name = "WAV data")
    {
        ArgumentNullException.ThrowIfNull(wav);
        return WavReader.Read(wav, name);
    }

    /// <summary>Reads WAV bytes; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidAudioFileException">The bytes are empty, truncated, not RIFF/WAVE, or of an unsupported encoding.</exception>
    public static WavContents Read(ReadOnlySpan<byte> wav, string name = "WAV data") => WavReader.Read(wav.ToArray(), name);

    /// <summary>Reads a WAV stream to its end.</summary>
    /// <exception cref="InvalidAudioFileException">The stream is empty, truncated, not RIFF/WAVE, or of an unsupported encoding.</exception>
    public static WavContents Read(Stream stream, string name = "WAV stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return WavReader.Read(buffer.ToArray(), name);
    }

    /// <summary>Encodes a clip as WAV bytes (32-bit float without metadata unless options say otherwise).</summary>
    public static byte[] Encode(AudioClip clip, WavWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return WavWriter.Write(clip, options ?? new WavWriteOptions());
    }

    /// <summary>Writes a clip to a WAV file.</summary>
    public static void Write(string path, AudioClip clip, WavWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, Encode(clip, options));
    }

    /// <summary>Writes a clip to a stream as WAV.</summary>
    public static void Write(Stream stream, AudioClip clip, WavWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Encode(clip, options));
    }
}
