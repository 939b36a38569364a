namespace RiffusionVst.Engine.Cli;

/// <summary>A mistake of the user's that the command line explains in one line, with its exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary><see cref="CommandErrors.BadInput"/> or <see cref="CommandErrors.Usage"/>.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>Bad input: a file that is missing, unreadable or of the wrong kind, an output that cannot be written, an engine that refused.</summary>
    public static CliException BadInput(string message) => new(CommandErrors.BadInput, message);

    /// <summary>Bad usage: a value out of range, options that do not go together.</summary>
    public static CliException Usage(string message) => new(CommandErrors.Usage, message);
}
