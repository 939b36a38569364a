using System.Diagnostics;
using Spectre.Console;

namespace RiffusionVst.Engine.Cli;

/// <summary>Where the command line writes: results to standard output, progress, notes and errors to standard error.</summary>
internal static class Output
{
    /// <summary>Console for progress, timings and errors (standard error, so results can be piped).</summary>
    /// <remarks>When standard error is not a terminal (a log file, a test) lines are never wrapped at a made-up width.</remarks>
    public static IAnsiConsole Errors { get; } = CreateErrors();

    private static int _tinyModelNoticed;

    /// <summary>Whether standard error is an interactive terminal (spinners and progress bars only there).</summary>
    public static bool Interactive => Errors.Profile.Capabilities.Interactive;

    /// <summary>Runs one stage of work under a spinner and prints how long it took.</summary>
    public static T Stage<T>(string name, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        T result = Interactive
            ? Errors.Status().Start(name + "…", _ => work())
            : work();
        Errors.MarkupLine($"[green]✓[/] {Markup.Escape(name)} [grey]({clock.Elapsed.TotalMilliseconds:0} ms)[/]");
        return result;
    }

    /// <summary>Prints a note line (what the engine chose, e.g. a device fallback).</summary>
    public static void Note(string message) => Errors.MarkupLine($"[yellow]note:[/] {Markup.Escape(message)}");

    /// <summary>Prints the tiny-model notice, once per run however many stages mention it.</summary>
    public static void TinyModelNotice(string message)
    {
        if (Interlocked.Exchange(ref _tinyModelNoticed, 1) == 0)
            Note(message);
    }

    private static IAnsiConsole CreateErrors()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
            console.Profile.Width = 100_000;
        return console;
    }
}
