using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>A client of a <see cref="TestEngine"/>: sends messages and waits for answers, keeping everything it saw.</summary>
internal sealed class TestClient(PipeConnection connection, Welcome welcome) : IAsyncDisposable
{
    public PipeConnection Connection { get; } = connection;

    public Welcome Welcome { get; } = welcome;

    public List<Message> Seen { get; } = [];

    public Task SendAsync(Message message) => Connection.SendAsync(message).AsTask();

    /// <summary>The next message of type <typeparamref name="T"/> that matches; others are kept in <see cref="Seen"/>.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? where = null)
        where T : Message
    {
        while (true)
        {
            Message message = await Connection.Incoming.ReadAsync().AsTask().WaitAsync(TestEngine.Patience);
            Seen.Add(message);
            if (message is T wanted && (where is null || where(wanted)))
                return wanted;
        }
    }

    /// <summary>Sends a ping and waits for its pong: everything the engine sent before it has then been read.</summary>
    public async Task SyncAsync()
    {
        long echo = Random.Shared.NextInt64();
        await SendAsync(new Ping { Echo = echo });
        await NextAsync<Pong>(p => p.Echo == echo);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
