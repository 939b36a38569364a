using System.Threading.Channels;
using RiffusionVst.Engine.Service.Jobs;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Service.Sessions;

/// <summary>
/// One connected client after its Hello: its connection, an outbox that a single writer drains in order (so no worker
/// ever waits on a slow reader), its plugin-instance state, and the loops it was last given (for Retime defaults).
/// </summary>
internal sealed class ClientSession
{
    // Progress is advisory: a client that does not read loses progress reports, never loops or errors.
    private const int MaxPendingProgress = 64;
    private const int MaxRememberedDeliveries = 512;

    private readonly Channel<Message> _outbox = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ServiceCounters _counters;
    private readonly ISessionObserver? _observer;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DeliverySettings> _deliveries = [];
    private readonly Task _writer;
    private InstanceState _instance;
    private int _pendingProgress;

    public ClientSession(int id, PipeConnection connection, Hello hello, ServiceCounters counters, ISessionObserver? observer = null)
    {
        _observer = observer;
        Id = id;
        Connection = connection;
        Hello = hello;
        _counters = counters;
        _instance = new InstanceState { InstanceId = hello.InstanceId, Label = hello.Label };
        _writer = Task.Run(WriteLoopAsync);
    }

    public int Id { get; }

    public PipeConnection Connection { get; }

    public Hello Hello { get; }

    /// <summary>Plugin instances say who they are; the CLI and tools connect with an empty id.</summary>
    public bool IsPluginInstance => Hello.InstanceId != Guid.Empty;

    public string Name =>
        $"client #{Id} ({(Hello.ClientName.Length > 0 ? Hello.ClientName : "unnamed")}" +
        $"{(IsPluginInstance ? $", instance {Hello.InstanceId.ToString()[..8]}" : "")}{(Hello.Label.Length > 0 ? $" '{Hello.Label}'" : "")})";

    public InstanceState Instance
    {
        get
        {
            lock (_gate)
                return _instance;
        }
        set
        {
            lock (_gate)
                _instance = value;
            _observer?.InstanceChanged(this);
        }
    }

    /// <summary>Queues a message for the client; never blocks.</summary>
    public void Post(Message message)
    {
        if (message is ErrorMessage)
            _counters.ErrorSent();
        if (_outbox.Writer.TryWrite(message))
            _observer?.Posted(this, message);
    }

    /// <summary>Queues a progress report unless the client is already far behind in reading them.</summary>
    public void PostProgress(Progress progress)
    {
        if (Interlocked.Increment(ref _pendingProgress) > MaxPendingProgress)
        {
            Interlocked.Decrement(ref _pendingProgress);
            return;
        }

        if (!_outbox.Writer.TryWrite(progress))
            Interlocked.Decrement(ref _pendingProgress);
        else
            _observer?.Posted(this, progress);
    }

    public void RememberDelivery(string key, DeliverySettings settings)
    {
        lock (_gate)
        {
            if (_deliveries.Count >= MaxRememberedDeliveries && !_deliveries.ContainsKey(key))
                _deliveries.Clear();
            _deliveries[key] = settings;
        }
    }

    public DeliverySettings? LastDelivery(string key)
    {
        lock (_gate)
            return _deliveries.GetValueOrDefault(key);
    }

    /// <summary>Sends what is queued (for up to <paramref name="patience"/>), then closes the pipe.</summary>
    public async Task CloseAsync(TimeSpan patience)
    {
        _outbox.Writer.TryComplete();
        await Task.WhenAny(_writer, Task.Delay(patience)).ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        bool broken = false;
        await foreach (Message message in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (message is Progress)
                Interlocked.Decrement(ref _pendingProgress);
            if (broken)
                continue;
            try
            {
                await Connection.SendAsync(message).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or ArgumentException)
            {
                // The client is gone (or the message cannot be framed); keep draining so posters never pile up.
                broken = e is not ArgumentException;
            }
        }
    }
}
