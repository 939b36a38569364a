using System.IO.Pipes;
using System.Threading.Channels;
using RiffusionVst.Protocol.Framing;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Transport;

/// <summary>
/// One end of a pipe carrying messages: a background read loop fills <see cref="Incoming"/>, and
/// <see cref="SendAsync"/> may be called from any thread.
/// </summary>
/// <remarks>
/// An undecodable frame from the peer is skipped (and answered with a non-fatal <see cref="ErrorCode.MalformedFrame"/>);
/// a bad length or a truncated frame ends the connection, because the stream cannot be resynchronised.
/// When the connection ends for any reason <see cref="Incoming"/> completes and <see cref="CloseReason"/> says why.
/// </remarks>
public sealed class PipeConnection : IAsyncDisposable, IDisposable
{
    private readonly PipeStream _stream;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly Channel<Message> _incoming;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _replyToBadFrames;
    private readonly Task _readLoop;
    private int _rejectedFrames;
    private int _disposed;
    private volatile string? _closeReason;

    internal PipeConnection(PipeStream stream, PipeConnectionOptions options)
    {
        _stream = stream;
        _reader = new FrameReader(stream, options.MaxFrameBytes);
        _writer = new FrameWriter(stream, options.MaxFrameBytes);
        _replyToBadFrames = options.ReplyToBadFrames;
        _incoming = Channel.CreateBounded<Message>(new BoundedChannelOptions(options.IncomingCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Messages from the peer, in order. Completes when the connection ends.</summary>
    public ChannelReader<Message> Incoming => _incoming.Reader;

    /// <summary>Completes when the read loop has ended (peer gone, bad stream, or disposal).</summary>
    public Task Completion => _readLoop;

    /// <summary>Why the connection ended, or null while it is open.</summary>
    public string? CloseReason => _closeReason;

    /// <summary>Frames from the peer that were skipped because they could not be decoded.</summary>
    public int RejectedFrames => Volatile.Read(ref _rejectedFrames);

    /// <summary>Whether the pipe is still connected.</summary>
    public bool IsConnected => _closeReason is null && _stream.IsConnected;

    /// <summary>Connects to an engine on <paramref name="pipeName"/> (default: <see cref="PipeNames.Resolve"/>).</summary>
    /// <exception cref="TimeoutException">No engine accepted within <paramref name="timeout"/> (default 2 s).</exception>
    public static async Task<PipeConnection> ConnectAsync(
        string? pipeName = null,
        TimeSpan? timeout = null,
        PipeConnectionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        string name = PipeNames.Resolve(pipeName);
        TimeSpan wait = timeout ?? TimeSpan.FromSeconds(2);
        var client = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        try
        {
            await client.ConnectAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"No engine answered on pipe '{name}' within {wait.TotalMilliseconds:0} ms; start riffusion-engine (or check the pipe name).", e);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new PipeConnection(client, options ?? PipeConnectionOptions.Default);
    }

    /// <summary>Sends one message as one frame; concurrent calls are serialised and never interleave.</summary>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    /// <exception cref="IOException">The pipe is broken (the peer went away).</exception>
    /// <exception cref="ArgumentException">The message is larger than the frame limit.</exception>
    public ValueTask SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _writer.WriteAsync(message, cancellationToken);
    }

    private async Task ReadLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        string reason = "closed";
        try
        {
            while (true)
            {
                FrameReadResult result = await _reader.ReadAsync(stop).ConfigureAwait(false);
                switch (result.Status)
                {
                    case FrameReadStatus.Message:
                        await _incoming.Writer.WriteAsync(result.Message!, stop).ConfigureAwait(false);
                        continue;
                    case FrameReadStatus.Undecodable:
                        Interlocked.Increment(ref _rejectedFrames);
                        ReplyToBadFrame(ErrorCode.MalformedFrame, result.Error!, fatal: false);
                        continue;
                    case FrameReadStatus.EndOfStream:
                        reason = "the peer closed the pipe";
                        break;
                    case FrameReadStatus.InvalidLength:
                        ReplyToBadFrame(ErrorCode.FrameTooLarge, result.Error!, fatal: true);
                        reason = result.Error!;
                        break;
                    default:
                        reason = result.Error!;
                        break;
                }
                break;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            reason = "closed by this side";
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            reason = Volatile.Read(ref _disposed) != 0 ? "closed by this side" : $"the pipe broke: {e.Message}";
        }
        catch (Exception e)
        {
            // Keep the process alive whatever the loop meets; the reason tells the owner.
            reason = $"the read loop failed: {e.GetType().Name}: {e.Message}";
        }
        finally
        {
            _closeReason = reason;
            _incoming.Writer.TryComplete();
        }
    }

    // Fire and forget: the read loop must not wait on a peer that may not be reading.
    private void ReplyToBadFrame(ErrorCode code, string text, bool fatal)
    {
        if (!_replyToBadFrames)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await SendAsync(ErrorMessage.Create(code, text, fatal: fatal)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The peer is already gone; nothing to tell.
            }
        });
    }

    /// <summary>Stops the read loop and closes the pipe; the peer sees the end of the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stop.Cancel();
        // Closing the stream also unblocks a read that ignores cancellation.
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop records its own failures in CloseReason.
        }
        _writer.Dispose();
        _stop.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
