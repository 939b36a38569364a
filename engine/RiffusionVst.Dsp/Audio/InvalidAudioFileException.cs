namespace RiffusionVst.Dsp.Audio;

/// <summary>Thrown when a file is not readable audio (empty, truncated, corrupt, or an unsupported format or encoding); the message names the file and says what to do.</summary>
public sealed class InvalidAudioFileException : IOException
{
    /// <summary>Creates the exception with a message that says what was wrong and what to do.</summary>
    public InvalidAudioFileException(string message)
        : base(message)
    {
    }
}
