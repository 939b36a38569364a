namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>Thrown when a file is not a readable PNG picture (not a PNG, truncated, corrupt); the message names the file.</summary>
public sealed class InvalidImageFileException : IOException
{
    /// <summary>Creates the exception with a message that says what was wrong and what to do.</summary>
    public InvalidImageFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public InvalidImageFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
