using RiffusionVst.Dsp.Audio.Decoding;
using RiffusionVst.Dsp.Audio.Wav;

namespace RiffusionVst.Dsp.Audio;

/// <summary>
/// The one way the engine reads audio files (seed audio, <c>audio2img</c>, <c>score</c>): WAV (8/16/24/32-bit PCM, 32/64-bit
/// float, WAVE_FORMAT_EXTENSIBLE), AIFF and MP3, told apart by their content, decoded by NAudio (NLayer for MP3).
/// </summary>
/// <remarks>
/// The clip keeps the file's own rate and channels. Callers bring it to 44.1 kHz with <see cref="AudioClipConversions.WithSampleRate"/>,
/// the engine's Kaiser windowed-sinc resampler, rather than NAudio's WDL resampler: from 48 kHz ours passes 10–20 kHz at
/// 0.0 dB where WDL's default IIR low-pass loses 1.7 dB at 10 kHz and 20 dB at 18 kHz (the mel bank reaches 10 kHz), and
/// ours gives exactly the length asked for (the benchmarks' <c>resampling</c> mode prints the table).
/// </remarks>
public static class AudioFileReader
{
    /// <summary>Reads an audio file.</summary>
    /// <exception cref="InvalidAudioFileException">The file is empty, truncated, damaged, or not WAV, AIFF or MP3.</exception>
    public static AudioClip Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>True when the first bytes of a file are those of a format <see cref="Read(string)"/> reads (WAV, AIFF, MP3).</summary>
    public static bool IsAudioFile(ReadOnlySpan<byte> head) => AudioContainers.Detect(head) != AudioContainer.Unknown;

    /// <summary>Decodes the bytes of an audio file; <paramref name="name"/> names it in error messages.</summary>
    /// <exception cref="InvalidAudioFileException">The bytes are empty, truncated, damaged, or not WAV, AIFF or MP3.</exception>
    public static AudioClip Read(byte[] file, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0)
        {
            throw new InvalidAudioFileException($"'{name}' is empty; it holds no audio. Export or render the clip again.");
        }

        return AudioContainers.Detect(file) switch
        {
            AudioContainer.Wav => WavReader.Read(file, name).Clip,
            AudioContainer.Aiff => AiffDecoder.Decode(file, name),
            AudioContainer.Mp3 => Mp3Decoder.Decode(file, name),
            _ => throw new InvalidAudioFileException(
                $"'{name}' is not a WAV, AIFF or MP3 file (its first bytes are none of RIFF/WAVE, FORM/AIFF, ID3 or an MPEG frame). Convert it to WAV first."),
        };
    }
}
