using System.Text.RegularExpressions;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Dsp.Spectrogram.Image;
using Spectre.Console;

namespace RiffusionVst.Engine.Cli;

/// <summary>Turns every failure into one readable line and the exit code the README promises, never a stack trace or a .NET type name.</summary>
internal static partial class CommandErrors
{
    /// <summary>Exit code for bad input: files that are missing, unreadable or of the wrong kind; outputs that cannot be written; an engine that refuses.</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for bad usage: unknown options, values out of range or misspelt, options that do not go together.</summary>
    public const int Usage = 2;

    /// <summary>Exit code after Ctrl+C or SIGTERM.</summary>
    public const int Cancelled = 130;

    /// <summary>Set to 1 to print the details of an unexpected failure (for a bug report).</summary>
    public const string DebugVariable = "RIFFUSION_VST_DEBUG";

    /// <summary>Runs a command body with Ctrl+C handling and one-line errors (see <see cref="Running.CommandRunner"/>).</summary>
    public static int Run(Func<int> body) => Running.CommandRunner.Run(_ => body());

    /// <summary>Runs an asynchronous command body with Ctrl+C handling and one-line errors (see <see cref="Running.CommandRunner"/>).</summary>
    public static Task<int> RunAsync(Func<Task<int>> body) => Task.FromResult(Running.CommandRunner.Run(_ => body()));

    /// <summary>Prints an error line to standard error.</summary>
    public static void Error(string message) =>
        Output.Errors.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    /// <summary>Prints a warning line to standard error: input that is accepted but probably not what was meant.</summary>
    public static void Warning(string message) =>
        Output.Errors.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    /// <summary>Prints the line for <paramref name="e"/> and returns its exit code.</summary>
    public static int Report(Exception e)
    {
        var (text, code) = Describe(e);
        Error(text);
        if (code == Usage && CommandLine.CurrentUsage is { } usage)
            Console.Error.WriteLine($"usage: {usage}");
        if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
            Console.Error.WriteLine(e.ToString());
        return code;
    }

    /// <summary>The user's line and exit code for a failure.</summary>
    public static (string Text, int ExitCode) Describe(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerExceptions[0]),
        CliException c => (c.Message, c.ExitCode),
        OperationCanceledException => ("cancelled.", Cancelled),
        // The engine's own file and model errors are written for users: they name the file and say what to do.
        InvalidImageFileException or InvalidAudioFileException or ModelFolderException => (Clean(e.Message), BadInput),
        // The engine's range and combination checks (e.g. a prompt over the model's 225 tokens) are written for users too.
        ArgumentException => (Clean(e.Message), Usage),
        IOException or UnauthorizedAccessException =>
            ("a file could not be read or written (is the disk full, or the file in use?); nothing was written.", BadInput),
        OutOfMemoryException => ("the command ran out of memory; use fewer bars, a lower sample rate or a smaller image.", BadInput),
        _ => ($"an unexpected internal failure stopped the command; nothing was written. Set {DebugVariable}=1 to see the details for a bug report.", BadInput),
    };

    /// <summary>Drops what .NET appends to argument messages ("(Parameter 'x')", "Actual value was …").</summary>
    public static string Clean(string message)
    {
        string first = message.Split('\n')[0].Trim();
        first = ParameterSuffix().Replace(first, "");
        first = TypeName().Replace(first, "a value");
        return first.Length == 0 ? "the input was not accepted." : first;
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)\s*$")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"\b(System|Microsoft)\.[A-Za-z0-9_.`\[\]]+")]
    private static partial Regex TypeName();
}
