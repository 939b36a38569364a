using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>The engine relays between the CLI and connected plugin instances.</summary>
public class InstanceTests
{
    [Fact]
    public async Task The_cli_lists_instances_and_sets_a_prompt_slot_that_the_plugin_receives()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = Guid.NewGuid();
        await using var plugin = await engine.ConnectAsync(new Hello { ClientName = "RiffusionVst", InstanceId = id, Label = "Drums" });
        string[] slots = ["lofi", "", "", "", "", "", "", "jazz"];
        await plugin.SendAsync(new InstanceState { InstanceId = id, Label = "Drums", PromptSlots = slots });
        await plugin.SyncAsync();
        await using var cli = await engine.ConnectAsync();

        await cli.SendAsync(new ListInstances { RequestId = 3 });
        var list = await cli.NextAsync<InstanceList>();
        var only = Assert.Single(list.Instances);
        Assert.Equal(3, list.RequestId);
        Assert.Equal(id, only.InstanceId);
        Assert.Equal("Drums", only.Label);
        Assert.Equal(slots, only.PromptSlots);

        await cli.SendAsync(new SetPromptSlot { InstanceId = id, Slot = 1, Text = "dub techno" });
        await cli.SyncAsync();
        var forwarded = await plugin.NextAsync<SetPromptSlot>();
        Assert.Equal((id, 1, "dub techno"), (forwarded.InstanceId, forwarded.Slot, forwarded.Text));
        Assert.DoesNotContain(cli.Seen, m => m is ErrorMessage);

        await cli.SendAsync(new ListInstances { RequestId = 4 });
        Assert.Equal("dub techno", (await cli.NextAsync<InstanceList>()).Instances[0].PromptSlots[1]);
    }

    [Fact]
    public async Task Setting_a_slot_of_an_instance_that_is_not_connected_is_an_error()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var cli = await engine.ConnectAsync();

        await cli.SendAsync(new SetPromptSlot { InstanceId = Guid.NewGuid(), Slot = 0, Text = "x" });
        Assert.Equal(ErrorCode.UnknownInstance, (await cli.NextAsync<ErrorMessage>()).Code);
        await cli.SendAsync(new SetPromptSlot { InstanceId = Guid.NewGuid(), Slot = 8, Text = "x" });
        Assert.Equal(ErrorCode.InvalidRequest, (await cli.NextAsync<ErrorMessage>()).Code);
    }

    [Fact]
    public async Task Clients_without_an_instance_id_are_not_listed_and_departed_plugins_disappear()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var cli = await engine.ConnectAsync();
        var plugin = await engine.ConnectAsync(new Hello { ClientName = "RiffusionVst", InstanceId = Guid.NewGuid(), Label = "Bass" });
        await plugin.SyncAsync();

        await cli.SendAsync(new ListInstances { RequestId = 1 });
        Assert.Equal("Bass", Assert.Single((await cli.NextAsync<InstanceList>()).Instances).Label);

        await plugin.DisposeAsync();
        var deadline = DateTime.UtcNow + TestEngine.Patience;
        while (engine.Server.ConnectedClients > 1 && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        await cli.SendAsync(new ListInstances { RequestId = 2 });
        Assert.Empty((await cli.NextAsync<InstanceList>()).Instances);
    }
}
