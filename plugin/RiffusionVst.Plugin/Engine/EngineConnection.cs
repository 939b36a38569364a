using RiffusionVst.Plugin.Core.Engine;

namespace RiffusionVst.Plugin.Engine;

/// <summary>
/// Owns the instance's <see cref="EngineClient"/> across the host's activate/deactivate calls.
/// VST3 hosts deactivate around every sample-rate or block-size change and give no other
/// signal when a plugin is removed, so a stop only takes effect after a grace period: a quick
/// stop/start keeps the connection (and the loops on their way), a lasting stop closes it.
/// Called from the host's main thread; never from the audio thread.
/// </summary>
internal sealed class EngineConnection
{
    /// <summary>How long a stopped instance keeps its engine connection by default.</summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(10);

    private readonly Func<Guid, EngineClient?> _createClient;
    private readonly TimeSpan _stopGrace;
    private readonly Action<string> _log;
    private readonly Lock _gate = new();
    private EngineClient? _client;
    private Guid _clientInstanceId;
    private CancellationTokenSource? _pendingStop;
    private Task _lastClosing = Task.CompletedTask;
    private Task _graceWait = Task.CompletedTask;

    /// <summary>Creates a connection that builds clients with <paramref name="createClient"/> (null from it: run without an engine).</summary>
    /// <param name="createClient">Builds a client for an instance id; not yet started.</param>
    /// <param name="stopGrace">How long <see cref="Stop"/> waits before closing the client.</param>
    /// <param name="log">Receives one line per lifecycle event and per failure.</param>
    public EngineConnection(Func<Guid, EngineClient?> createClient, TimeSpan stopGrace, Action<string> log)
    {
        _createClient = createClient ?? throw new ArgumentNullException(nameof(createClient));
        if (stopGrace < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(stopGrace), stopGrace, "The stop grace period cannot be negative.");
        _stopGrace = stopGrace;
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>The running client, or null while stopped.</summary>
    public EngineClient? Client
    {
        get
        {
            lock (_gate)
                return _client;
        }
    }

    /// <summary>Whether a stop is waiting out its grace period.</summary>
    public bool StopPending
    {
        get
        {
            lock (_gate)
                return _pendingStop is not null;
        }
    }

    /// <summary>Completes when the last client that was closed has finished closing.</summary>
    public Task LastClosing
    {
        get
        {
            lock (_gate)
                return _lastClosing;
        }
    }

    /// <summary>Completes when the last stop's grace period has ended, by expiry or by a new start.</summary>
    public Task GraceWait
    {
        get
        {
            lock (_gate)
                return _graceWait;
        }
    }

    /// <summary>Starts a client for <paramref name="instanceId"/>, or keeps the one running for it (cancelling a pending stop).</summary>
    public void Start(Guid instanceId)
    {
        lock (_gate)
        {
            CancelPendingStop();
            if (_client is not null && _clientInstanceId == instanceId)
                return;
            if (_client is not null)
                CloseInBackground(_client);
            _client = null;
            EngineClient? client = _createClient(instanceId);
            if (client is null)
                return;
            client.Start();
            _client = client;
            _clientInstanceId = instanceId;
            _log($"Engine client started for instance {instanceId} (pipe '{client.PipeName}').");
        }
    }

    /// <summary>The project gave the instance another id: a running client is replaced by one for the new id.</summary>
    public void ChangeInstance(Guid instanceId)
    {
        lock (_gate)
        {
            if (_client is null || _clientInstanceId == instanceId)
                return;
            if (_pendingStop is not null)
            {
                // Stopping anyway: close now; the next Start uses the new id.
                CancelPendingStop();
                CloseInBackground(_client);
                _client = null;
                return;
            }
        }
        Start(instanceId);
    }

    /// <summary>Closes the client once <see cref="DefaultStopGrace"/> (or the configured grace) has passed without a new <see cref="Start"/>.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_client is null || _pendingStop is not null)
                return;
            if (_stopGrace == TimeSpan.Zero)
            {
                CloseInBackground(_client);
                _client = null;
                return;
            }
            var pending = new CancellationTokenSource();
            _pendingStop = pending;
            _graceWait = CloseAfterGraceAsync(_client, pending);
        }
    }

    /// <summary>Closes the client now, without grace, and waits until it has closed.</summary>
    public Task CloseNowAsync()
    {
        lock (_gate)
        {
            CancelPendingStop();
            if (_client is not null)
                CloseInBackground(_client);
            _client = null;
            return _lastClosing;
        }
    }

    private async Task CloseAfterGraceAsync(EngineClient client, CancellationTokenSource pending)
    {
        try
        {
            await Task.Delay(_stopGrace, pending.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_gate)
        {
            if (!ReferenceEquals(_pendingStop, pending) || !ReferenceEquals(_client, client))
                return;
            _pendingStop = null;
            pending.Dispose();
            _client = null;
            CloseInBackground(client);
        }
    }

    private void CancelPendingStop()
    {
        if (_pendingStop is null)
            return;
        _pendingStop.Cancel();
        _pendingStop.Dispose();
        _pendingStop = null;
    }

    private void CloseInBackground(EngineClient client)
    {
        Task previous = _lastClosing;
        _lastClosing = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            try
            {
                await client.DisposeAsync().ConfigureAwait(false);
                _log("Engine client closed.");
            }
            catch (Exception e)
            {
                // A failing close must not take the host down; the pipe is gone either way.
                _log("Engine client did not close cleanly: " + e);
            }
        });
    }
}
