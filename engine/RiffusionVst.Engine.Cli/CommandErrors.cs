using RiffusionVst.Engine.Audio;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Spectrogram.Image;
using Spectre.Console;

namespace RiffusionVst.Engine.Cli;

/// <summary>Turns the engine's expected failures into one readable line and an exit code, instead of a stack trace.</summary>
internal static class CommandErrors
{
    /// <summary>Exit code for bad input: files that cannot be read, impossible values.</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for invalid usage that the parser did not catch.</summary>
    public const int Usage = 2;

    /// <summary>Exit code after Ctrl+C.</summary>
    public const int Cancelled = 130;

    /// <summary>Runs a command body and reports known failures.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            Error(message.Text);
            return message.ExitCode;
        }
    }

    /// <summary>Runs an asynchronous command body and reports known failures.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            Error(message.Text);
            return message.ExitCode;
        }
    }

    /// <summary>Prints an error line to standard error.</summary>
    public static void Error(string message) =>
        Output.Errors.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    private static (string Text, int ExitCode)? Describe(Exception e) => e switch
    {
        OperationCanceledException => ("cancelled.", Cancelled),
        InvalidImageFileException or InvalidAudioFileException or ModelFolderException => (e.Message, BadInput),
        FileNotFoundException f => ($"{f.Message} Check the path.", BadInput),
        DirectoryNotFoundException or UnauthorizedAccessException => ($"{e.Message} Check the path and its permissions.", BadInput),
        ArgumentException => (e.Message, Usage),
        IOException => (e.Message, BadInput),
        _ => null,
    };
}
