namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>A weights file or tensor that cannot be used; the message names the file and tensor and says what to do.</summary>
public sealed class WeightFileException : Exception
{
    /// <summary>Creates the error with a message meant for the user.</summary>
    public WeightFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message meant for the user and the failure behind it.</summary>
    public WeightFileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
