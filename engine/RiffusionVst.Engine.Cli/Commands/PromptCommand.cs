using System.CommandLine;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>prompt --instance ID --slot N "text"</c>: puts a prompt into a slot of a connected plugin instance.</summary>
internal static class PromptCommand
{
    public static Command Create()
    {
        var pipe = EngineCalls.PipeOption();
        var instance = new Option<string>("--instance") { Description = "The instance's id as 'instances' shows it, or an unambiguous start of it.", Required = true };
        var slot = new Option<int>("--slot") { Description = $"Slot number, 1 to {InstanceState.PromptSlotCount}.", Required = true };
        var text = new Argument<string>("text") { Description = "The prompt, e.g. \"lofi piano, (vinyl crackle:1.2)\"." };
        var command = new Command("prompt", "Set a prompt slot of a plugin instance through the running engine.") { instance, slot, text, pipe };
        command.SetAction(parse => CommandErrors.Run(() => EngineCalls.Run(() =>
            RunAsync(parse.GetValue(pipe), parse.GetRequiredValue(instance), parse.GetValue(slot), parse.GetRequiredValue(text)))));
        return command;
    }

    private static async Task<int> RunAsync(string? pipe, string instanceText, int slot, string text)
    {
        if (slot is < 1 or > InstanceState.PromptSlotCount)
            throw new ArgumentException($"--slot {slot} does not exist; use 1 to {InstanceState.PromptSlotCount}.");
        Guid id = await ResolveAsync(pipe, instanceText.Trim()).ConfigureAwait(false);

        await using var connection = await EngineCalls.ConnectAsync(pipe, CancellationToken.None).ConfigureAwait(false);
        await connection.SendAsync(new SetPromptSlot { InstanceId = id, Slot = slot - 1, Text = text }).ConfigureAwait(false);

        // The engine answers in order, and SetPromptSlot has no answer of its own: an Error before the Pong is the refusal.
        long echo = Environment.TickCount64;
        await connection.SendAsync(new Ping { Echo = echo }).ConfigureAwait(false);
        await EngineCalls.AwaitAsync<Pong>(connection, p => p.Echo == echo, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"slot {slot} of {id}: {text}");
        return 0;
    }

    private static async Task<Guid> ResolveAsync(string? pipe, string instanceText)
    {
        if (Guid.TryParse(instanceText, out Guid exact))
            return exact;
        var instances = await InstancesCommand.ListAsync(pipe, CancellationToken.None).ConfigureAwait(false);
        var matches = instances.Where(i => i.InstanceId.ToString().StartsWith(instanceText, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].InstanceId,
            0 => throw new ArgumentException($"No connected instance has an id starting with '{instanceText}'; run 'riffusion-engine instances'."),
            _ => throw new ArgumentException($"'{instanceText}' matches {matches.Count} instances; give more of the id."),
        };
    }
}
