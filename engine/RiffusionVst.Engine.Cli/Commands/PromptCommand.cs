using System.CommandLine;
using RiffusionVst.Engine.Cli.Options;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>prompt --instance ID --slot N "text"</c>: puts a prompt into a slot of a connected plugin instance.</summary>
internal static class PromptCommand
{
    public static Command Create()
    {
        var pipe = EngineCalls.PipeOption();
        var instance = new Option<string>("--instance") { Description = "The instance's id as 'instances' shows it, or an unambiguous start of it.", Required = true, HelpName = "id" };
        var slot = CliOptions.OptionalInteger("--slot", "Slot number", 1, InstanceState.PromptSlotCount);
        slot.Required = true;
        var text = new Argument<string>("text") { Description = "The prompt, e.g. \"lofi piano, (vinyl crackle:1.2)\"." };
        var command = new Command("prompt", "Set a prompt slot of a plugin instance through the running engine.") { instance, slot, text, pipe };
        command.SetAction(parse => CommandRunner.Run(cancellation =>
            RunAsync(parse.GetValue(pipe), parse.GetRequiredValue(instance), parse.GetValue(slot) ?? 1, parse.GetRequiredValue(text), cancellation)));
        return command;
    }

    private static async Task<int> RunAsync(string? pipe, string instanceText, int slot, string text, CancellationToken cancellationToken)
    {
        if (text.Length > ProtocolLimits.MaxPromptLength)
            throw CliException.Usage($"The prompt is {text.Length} characters; shorten it to at most {ProtocolLimits.MaxPromptLength}.");
        PromptWarnings.Warn((text, "the prompt"));
        Guid id = await ResolveAsync(pipe, instanceText.Trim(), cancellationToken).ConfigureAwait(false);

        var connection = await EngineCalls.ConnectAsync(pipe, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.SendAsync(new SetPromptSlot { InstanceId = id, Slot = slot - 1, Text = text }, cancellationToken).ConfigureAwait(false);

            // The engine answers in order, and SetPromptSlot has no answer of its own: an Error before the Pong is the refusal.
            long echo = Environment.TickCount64;
            await connection.SendAsync(new Ping { Echo = echo }, cancellationToken).ConfigureAwait(false);
            await EngineCalls.AwaitAsync<Pong>(connection, p => p.Echo == echo, cancellationToken).ConfigureAwait(false);
        }

        Console.WriteLine($"slot {slot} of {id}: {text}");
        return 0;
    }

    private static async Task<Guid> ResolveAsync(string? pipe, string instanceText, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(instanceText, out Guid exact))
            return exact;
        if (instanceText.Length == 0)
            throw CliException.Usage("--instance is empty; give an id (or its start) as 'riffusion-engine instances' lists them.");
        var instances = await InstancesCommand.ListAsync(pipe, cancellationToken).ConfigureAwait(false);
        var matches = instances.Where(i => i.InstanceId.ToString().StartsWith(instanceText, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].InstanceId,
            0 => throw CliException.BadInput($"No connected instance has an id starting with '{instanceText}'; run 'riffusion-engine instances'."),
            _ => throw CliException.Usage($"'{instanceText}' matches {matches.Count} instances; give more of the id."),
        };
    }
}
