using System.Collections.Concurrent;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Plugin.Core.Tests.Engine;

/// <summary>A stand-in engine on a real pipe: records what the client sends and answers as a test tells it.</summary>
internal sealed class FakeEngine : IAsyncDisposable
{
    private readonly PipeListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private PipeConnection? _connection;

    private FakeEngine(PipeListener listener, IReadOnlyList<string> capabilities, Message? answerToHello = null)
    {
        _listener = listener;
        _loop = Task.Run(async () =>
        {
            var connection = await _listener.AcceptAsync(_stop.Token);
            _connection = connection;
            await foreach (var message in connection.Incoming.ReadAllAsync(_stop.Token))
            {
                Received.Enqueue(message);
                if (message is Hello)
                    await connection.SendAsync(answerToHello ?? new Welcome { Capabilities = [.. capabilities] });
            }
        });
    }

    public ConcurrentQueue<Message> Received { get; } = new();

    public static string NewPipeName() => "rvst-test-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<FakeEngine> StartAsync(string pipeName, params string[] capabilities) =>
        new(await PipeListener.StartAsync(pipeName), capabilities);

    /// <summary>An engine that answers Hello with <paramref name="answer"/> instead of a plain Welcome.</summary>
    public static async Task<FakeEngine> StartAnsweringAsync(string pipeName, Message answer) =>
        new(await PipeListener.StartAsync(pipeName), [], answer);

    public T[] All<T>() where T : Message => Received.OfType<T>().ToArray();

    public async Task<T> WaitFor<T>(Func<T, bool>? match = null) where T : Message
    {
        T? found = null;
        await Eventually.True(() => (found = Received.OfType<T>().LastOrDefault(m => match?.Invoke(m) ?? true)) is not null, $"the client never sent a matching {typeof(T).Name}");
        return found!;
    }

    public async Task SendAsync(Message message)
    {
        await Eventually.True(() => _connection is not null, "no client connected");
        await _connection!.SendAsync(message);
    }

    /// <summary>Drops the client, as a crashed engine would.</summary>
    public async Task DropClientAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Cancelled or the client left; either way the fake is done.
        }
        if (_connection is not null)
            await _connection.DisposeAsync();
        await _listener.DisposeAsync();
    }
}
