namespace RiffusionVst.Protocol.Transport;

/// <summary>Another engine already serves the pipe name.</summary>
public sealed class PipeNameInUseException : IOException
{
    /// <summary>Creates the exception for <paramref name="pipeName"/>.</summary>
    public PipeNameInUseException(string pipeName, string reason)
        : base($"An engine already serves the pipe '{pipeName}' ({reason}). Use that engine, stop it, or choose another name " +
               $"(--pipe or the {PipeNames.EnvironmentVariable} environment variable).")
    {
        PipeName = pipeName;
    }

    /// <summary>The contested name.</summary>
    public string PipeName { get; }
}
