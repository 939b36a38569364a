using System.IO.Pipes;
using System.Threading.Channels;

namespace RiffusionVst.Protocol.Transport;

/// <summary>
/// The engine's end: owns a pipe name exclusively and accepts any number of clients; each becomes a
/// <see cref="PipeConnection"/> returned by <see cref="AcceptAsync"/>.
/// </summary>
/// <remarks>A new server instance waits for the next client as soon as one connects, so clients never queue
/// behind a slow consumer of <see cref="AcceptAsync"/>. One spare instance always exists, from before
/// <see cref="StartAsync"/> returns: on Unix the socket file lives only while some instance holds it, and a connected
/// instance lets go, so without the spare a client arriving between two accepts (or just after start) would find
/// nobody serving. Accepted connections belong to the caller.</remarks>
public sealed class PipeListener : IAsyncDisposable
{
    private readonly PipeNameLock _lock;
    private readonly PipeListenerOptions _options;
    private readonly Channel<PipeConnection> _accepted = Channel.CreateUnbounded<PipeConnection>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _disposed;

    private PipeListener(string pipeName, PipeNameLock nameLock, PipeListenerOptions options)
    {
        PipeName = pipeName;
        _lock = nameLock;
        _options = options;
        NamedPipeServerStream first = CreateInstance();
        _acceptLoop = Task.Run(() => AcceptLoopAsync(first));
    }

    /// <summary>The pipe name served.</summary>
    public string PipeName { get; }

    /// <summary>
    /// Takes <paramref name="pipeName"/> (default: <see cref="PipeNames.Resolve"/>) and starts accepting clients.
    /// </summary>
    /// <exception cref="PipeNameInUseException">Another listener holds the name, or something already serves it.</exception>
    public static async Task<PipeListener> StartAsync(string? pipeName = null, PipeListenerOptions? options = null, CancellationToken cancellationToken = default)
    {
        string name = PipeNames.Resolve(pipeName);
        options ??= PipeListenerOptions.Default;
        PipeNameLock nameLock = PipeNameLock.TryAcquire(name)
            ?? throw new PipeNameInUseException(name, $"its lock file {PipeNameLock.PathFor(name)} is held by another process");
        try
        {
            if (options.ProbeBeforeListening && await PipeProbe.IsServedAsync(name, options.ProbeTimeout, cancellationToken).ConfigureAwait(false))
                throw new PipeNameInUseException(name, "a server accepted a test connection");
            return new PipeListener(name, nameLock, options);
        }
        catch
        {
            nameLock.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the next client.</summary>
    /// <exception cref="ChannelClosedException">The listener was disposed or failed.</exception>
    public ValueTask<PipeConnection> AcceptAsync(CancellationToken cancellationToken = default) =>
        _accepted.Reader.ReadAsync(cancellationToken);

    private async Task AcceptLoopAsync(NamedPipeServerStream first)
    {
        CancellationToken stop = _stop.Token;
        Exception? failure = null;
        NamedPipeServerStream? waiting = first, spare = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // The spare holds the name while the waiting instance connects and is handed over.
                spare = CreateInstance();
                await waiting.WaitForConnectionAsync(stop).ConfigureAwait(false);
                var connection = new PipeConnection(waiting, _options.Connection);
                waiting = spare;
                spare = null;
                if (!_accepted.Writer.TryWrite(connection))
                    await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            if (waiting is not null)
                await waiting.DisposeAsync().ConfigureAwait(false);
            if (spare is not null)
                await spare.DisposeAsync().ConfigureAwait(false);
            _accepted.Writer.TryComplete(failure);
        }
    }

    private NamedPipeServerStream CreateInstance() => new(
        PipeName,
        PipeDirection.InOut,
        NamedPipeServerStream.MaxAllowedServerInstances,
        PipeTransmissionMode.Byte,
        PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly,
        _options.ReceiveBufferBytes,
        _options.SendBufferBytes);

    /// <summary>Stops accepting and releases the name; connections already accepted stay open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stop.Cancel();
        await _acceptLoop.ConfigureAwait(false);
        // Accepted but never taken: nobody else will close them.
        while (_accepted.Reader.TryRead(out PipeConnection? orphan))
            await orphan.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
        _stop.Dispose();
    }
}
