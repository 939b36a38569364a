using System.CommandLine;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Protocol.Messages;
using Spectre.Console;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>instances</c>: the plugin instances connected to the running engine, with their prompt slots.</summary>
internal static class InstancesCommand
{
    public static Command Create()
    {
        var pipe = EngineCalls.PipeOption();
        var command = new Command("instances", "List the plugin instances connected to the running engine (id, label, prompt slots 1–8).") { pipe };
        command.SetAction(parse => CommandRunner.Run(cancellation => RunAsync(parse.GetValue(pipe), cancellation)));
        return command;
    }

    /// <summary>Asks the engine for its instances.</summary>
    public static async Task<List<InstanceState>> ListAsync(string? pipe, CancellationToken cancellationToken)
    {
        var connection = await EngineCalls.ConnectAsync(pipe, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            long id = Environment.TickCount64;
            await connection.SendAsync(new ListInstances { RequestId = id }, cancellationToken).ConfigureAwait(false);
            var list = await EngineCalls.AwaitAsync<InstanceList>(connection, l => l.RequestId == id, cancellationToken).ConfigureAwait(false);
            return list.Instances;
        }
    }

    private static async Task<int> RunAsync(string? pipe, CancellationToken cancellationToken)
    {
        var instances = await ListAsync(pipe, cancellationToken).ConfigureAwait(false);
        if (instances.Count == 0)
        {
            Console.WriteLine("No plugin instances are connected.");
            return 0;
        }

        foreach (var instance in instances)
        {
            Console.WriteLine($"{instance.InstanceId}  {(instance.Label.Length > 0 ? instance.Label : "(no label)")}");
            for (int slot = 0; slot < instance.PromptSlots.Length; slot++)
            {
                if (!string.IsNullOrEmpty(instance.PromptSlots[slot]))
                    Console.WriteLine($"    slot {slot + 1}: {instance.PromptSlots[slot]}");
            }
        }

        Output.Errors.MarkupLine($"[grey]{instances.Count} instance(s); set a slot with: riffusion-engine prompt --instance ID --slot N \"text\"[/]");
        return 0;
    }
}
