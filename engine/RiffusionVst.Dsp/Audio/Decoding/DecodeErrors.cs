namespace RiffusionVst.Dsp.Audio.Decoding;

/// <summary>Turns what NAudio and NLayer throw on a damaged file into one line that names the file and says what to do.</summary>
internal static class DecodeErrors
{
    /// <summary>Runs <paramref name="decode"/>; a library failure becomes an <see cref="InvalidAudioFileException"/> about <paramref name="source"/>.</summary>
    /// <remarks>The libraries' own texts ("Invalid WAV file - No data chunk found", an index out of range) speak to programmers, so none
    /// of them reaches the user; the type of file and the remedy do.</remarks>
    public static T Guard<T>(string source, string kind, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException or ArgumentException
                                      or InvalidOperationException or NotSupportedException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidAudioFileException(
                $"'{source}' is a damaged or unsupported {kind} file: {Remedy(kind)}");
        }
    }

    private static string Remedy(string kind) => kind switch
    {
        "WAV" => "its fmt or data chunk is missing or broken. Export the clip again as PCM or float WAV.",
        "AIFF" => "its COMM or SSND chunk is missing or broken, or it is compressed AIFC. Export it again as plain AIFF or WAV.",
        _ => "no MPEG audio frames could be decoded from it. Export it again, or convert it to WAV.",
    };
}
