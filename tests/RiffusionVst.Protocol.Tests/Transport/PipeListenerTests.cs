using System.IO.Pipes;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Protocol.Tests.Transport;

public class PipeListenerTests
{
    [Fact]
    public async Task Many_clients_are_served_at_once()
    {
        string name = PipeTestKit.UniqueName();
        await using var listener = await PipeListener.StartAsync(name, PipeTestKit.NoProbe);

        // An echo server that answers each connection on its own task.
        using var stop = new CancellationTokenSource();
        Task serving = Task.Run(async () =>
        {
            var sessions = new List<Task>();
            try
            {
                while (true)
                {
                    PipeConnection c = await listener.AcceptAsync(stop.Token);
                    sessions.Add(Task.Run(async () =>
                    {
                        await using (c)
                        {
                            await foreach (Message m in c.Incoming.ReadAllAsync())
                                await c.SendAsync(Pong.For((Ping)m));
                        }
                    }));
                }
            }
            catch (OperationCanceledException)
            {
            }
            await Task.WhenAll(sessions);
        });

        PipeConnection[] clients = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PipeConnection.ConnectAsync(name, PipeTestKit.Patience)));
        await Task.WhenAll(clients.Select((c, i) => c.SendAsync(new Ping { Echo = i }).AsTask()));
        for (int i = 0; i < clients.Length; i++)
            Assert.Equal(i, Assert.IsType<Pong>(await clients[i].NextAsync()).Echo);

        foreach (PipeConnection c in clients)
            await c.DisposeAsync();
        stop.Cancel();
        await serving.WaitAsync(PipeTestKit.Patience);
    }

    [Fact]
    public async Task A_second_listener_on_the_same_name_is_refused_until_the_first_is_gone()
    {
        string name = PipeTestKit.UniqueName();
        PipeListener first = await PipeListener.StartAsync(name, PipeTestKit.NoProbe);
        var e = await Assert.ThrowsAsync<PipeNameInUseException>(() => PipeListener.StartAsync(name, PipeTestKit.NoProbe));
        Assert.Contains($"already serves the pipe '{name}'", e.Message);
        Assert.Equal(name, e.PipeName);

        await first.DisposeAsync();
        await using PipeListener second = await PipeListener.StartAsync(name, PipeTestKit.NoProbe);
        await using PipeConnection client = await PipeConnection.ConnectAsync(name, PipeTestKit.Patience);
        await using PipeConnection server = await second.AcceptAsync().AsTask().WaitAsync(PipeTestKit.Patience);
        await client.SendAsync(new Ping { Echo = 3 });
        Assert.Equal(3, Assert.IsType<Ping>(await server.NextAsync()).Echo);
    }

    [Fact]
    public async Task A_server_that_took_no_lock_is_found_by_the_probe_and_not_displaced()
    {
        string name = PipeTestKit.UniqueName();
        await using var foreign = new NamedPipeServerStream(name, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        Task waiting = foreign.WaitForConnectionAsync();

        await Assert.ThrowsAsync<PipeNameInUseException>(() => PipeListener.StartAsync(name, new PipeListenerOptions { ProbeTimeout = PipeTestKit.Patience }));
        await waiting.WaitAsync(PipeTestKit.Patience); // the probe's connection reached the foreign server
    }

    [Fact]
    public async Task The_probe_sees_a_listener_and_nothing_where_none_listens()
    {
        string name = PipeTestKit.UniqueName();
        Assert.False(await PipeProbe.IsServedAsync(name, TimeSpan.FromMilliseconds(50)));
        await using var listener = await PipeListener.StartAsync(name, PipeTestKit.NoProbe);
        Assert.True(await PipeProbe.IsServedAsync(name, PipeTestKit.Patience));
    }

    [Fact]
    public async Task A_client_arriving_just_after_start_or_between_two_accepts_finds_the_name_served()
    {
        string name = PipeTestKit.UniqueName();
        await using var listener = await PipeListener.StartAsync(name, PipeTestKit.NoProbe);
        if (PipeNames.SocketFilePath(name) is { } socket)
            Assert.True(File.Exists(socket));

        // One attempt each, no waiting: every probe is accepted, and the next one comes while the listener hands it over.
        int refused = 0;
        for (int i = 0; i < 200; i++)
        {
            if (!await PipeProbe.IsServedAsync(name, TimeSpan.Zero))
                refused++;
        }

        Assert.Equal(0, refused);
    }

    [Fact]
    public async Task Stopping_the_listener_keeps_accepted_connections_open()
    {
        var (listener, client, server) = await PipeTestKit.ConnectedPairAsync();
        await using var _ = client;
        await using var __ = server;
        await listener.DisposeAsync();

        await client.SendAsync(new Ping { Echo = 4 });
        Assert.Equal(4, Assert.IsType<Ping>(await server.NextAsync()).Echo);
    }
}
