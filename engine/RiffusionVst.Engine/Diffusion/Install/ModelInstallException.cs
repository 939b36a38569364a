namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>An install that cannot go on; the message says what went wrong and what to do, for the user.</summary>
public sealed class ModelInstallException : Exception
{
    /// <summary>Creates the error with a message meant for the user.</summary>
    public ModelInstallException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message meant for the user and the failure behind it.</summary>
    public ModelInstallException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
