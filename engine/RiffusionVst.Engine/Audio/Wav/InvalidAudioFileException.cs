namespace RiffusionVst.Engine.Audio.Wav;

/// <summary>Thrown when a file is not a readable WAV file (empty, truncated, not RIFF/WAVE, unsupported encoding); the message names the file.</summary>
public sealed class InvalidAudioFileException : IOException
{
    /// <summary>Creates the exception with a message that says what was wrong and what to do.</summary>
    public InvalidAudioFileException(string message)
        : base(message)
    {
    }
}
