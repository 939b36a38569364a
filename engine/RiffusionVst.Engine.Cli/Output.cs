using System.Diagnostics;
using Spectre.Console;

namespace RiffusionVst.Engine.Cli;

/// <summary>Where the command line writes: results to standard output, progress and errors to standard error.</summary>
internal static class Output
{
    /// <summary>Console for progress, timings and errors (standard error, so results can be piped).</summary>
    public static IAnsiConsole Errors { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Runs one stage of work under a spinner and prints how long it took.</summary>
    public static T Stage<T>(string name, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        T result = Errors.Profile.Capabilities.Interactive
            ? Errors.Status().Start(name + "…", _ => work())
            : work();
        Errors.MarkupLine($"[green]✓[/] {Markup.Escape(name)} [grey]({clock.Elapsed.TotalMilliseconds:0} ms)[/]");
        return result;
    }
}
