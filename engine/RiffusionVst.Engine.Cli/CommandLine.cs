using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using RiffusionVst.Engine.Cli.Commands;

namespace RiffusionVst.Engine.Cli;

/// <summary>The <c>riffusion-engine</c> command tree, and how a command line is run: a usage error is one line and the command's usage line; the full help only for --help.</summary>
internal static class CommandLine
{
    /// <summary>The program's name as users type it.</summary>
    public const string Program = "riffusion-engine";

    /// <summary>The usage line of the command being run, printed under a usage error (null before parsing, and in tests that build commands alone).</summary>
    public static string? CurrentUsage { get; private set; }

    /// <summary>Builds every command.</summary>
    public static RootCommand Create() => new(
        "riffusion-engine: Riffusion loops for RiffusionVst — spectrogram images ↔ audio, generation, and the plugin's engine service.")
    {
        Audio2ImgCommand.Create(),
        Img2AudioCommand.Create(),
        ScoreCommand.Create(),
        GenerateCommand.Create(),
        RenderCommand.Create(),
        ModelCheckCommand.Create(),
        ServeCommand.Create(),
        SeedCommand.Create(),
        InstancesCommand.Create(),
        PromptCommand.Create(),
        OpenCommand.Create(),
    };

    /// <summary>Parses and runs <paramref name="args"/>, returning the exit code.</summary>
    public static int Run(string[] args)
    {
        Options.CommonOptions.HelpRequested = args.Any(a => a is "--help" or "-h" or "-?" or "/?" or "/h");
        ParseResult parse = Create().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // "Unrecognized command or argument 'x'" says more than the "Required command was not provided" that comes with it.
            ParseError first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            CommandErrors.Error(CommandErrors.Clean(first.Message));
            Console.Error.WriteLine($"usage: {UsageLine(parse.CommandResult.Command)}");
            return CommandErrors.Usage;
        }

        CurrentUsage = UsageLine(parse.CommandResult.Command);
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception e)
        {
            return CommandErrors.Report(e);
        }
    }

    /// <summary>"riffusion-engine generate PROMPT --output OUTPUT [options]": the arguments and required options of a command.</summary>
    public static string UsageLine(Command command)
    {
        var path = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
            path.Insert(0, c.Name);
        if (command is RootCommand || command.Subcommands.Count > 0 && command.Action is null)
        {
            string names = string.Join("|", command.Subcommands.Select(s => s.Name));
            return $"{string.Join(' ', [Program, .. path])} {names} … (--help explains each)";
        }

        var parts = new List<string> { Program };
        parts.AddRange(path);
        parts.AddRange(command.Arguments.Select(a => a.Name.ToUpperInvariant()));
        parts.AddRange(command.Options.Where(o => o.Required).Select(o => $"{o.Aliases.Append(o.Name).MinBy(a => a.Length)} {o.HelpName ?? o.Name.TrimStart('-').ToUpperInvariant()}"));
        if (command.Options.Any(o => !o.Required && o is not HelpOption and not VersionOption))
            parts.Add("[options]");
        return string.Join(' ', parts) + $"   ({Program} {string.Join(' ', path)} --help lists them)";
    }
}
