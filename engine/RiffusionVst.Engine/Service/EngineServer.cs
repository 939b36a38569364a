using System.Collections.Concurrent;
using System.Threading.Channels;
using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Clips;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Logging;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Engine.Service.Jobs;
using RiffusionVst.Engine.Service.Sessions;
using RiffusionVst.Engine.Service.Web;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Service;

/// <summary>
/// The engine as a service: serves one pipe name to any number of clients, each introduced by Hello/Welcome, and
/// turns their render requests into loops through the job scheduler, the generation cache and the clip library.
/// </summary>
/// <remarks>A client's bad message is answered with an Error and affects nobody else; a client that leaves has its
/// work cancelled. <see cref="StopAsync"/> cancels running jobs and lets clip files that are being written finish.</remarks>
public sealed class EngineServer : IAsyncDisposable
{
    private static readonly TimeSpan ClosePatience = TimeSpan.FromSeconds(2);

    private readonly PipeListener _listener;
    private readonly EngineServerOptions _options;
    private readonly EngineLog _log;
    private readonly JobScheduler _scheduler;
    private readonly ClientMessages _messages = new();
    private readonly RequestHandler _handler;
    private readonly ConcurrentDictionary<int, ClientSession> _sessions = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly Lock _stopGate = new();
    private Task? _stopping;
    private int _nextClientId;

    private EngineServer(PipeListener listener, EngineServerOptions options, IImageGenerator generator, ILoopAudioRenderer renderer, EngineLog log)
    {
        _listener = listener;
        _options = options;
        _log = log;
        Generator = generator.Info;
        Cache = new GenerationCache(options.CacheFolder, options.MemoryCacheBytes, options.DiskCacheBytes);
        Clips = options.ClipsFolder is null ? null : new ClipLibrary(options.ClipsFolder);
        var delivery = new LoopDelivery(renderer, Clips, Generator, options.EngineVersion);
        _scheduler = new JobScheduler(generator, Cache, delivery, _messages, Counters, log, options.MaxConcurrentDiffusion, options.MaxConcurrentReconstruction);
        Observers = new SessionObservers(log);
        _handler = new RequestHandler(_scheduler, Cache, Generator, () => _sessions.Values, _messages, log, options.MaxFrameBytes, PageAddressFor);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The pipe name served.</summary>
    public string PipeName => _listener.PipeName;

    /// <summary>What makes the images.</summary>
    public GeneratorInfo Generator { get; }

    /// <summary>What the service has done so far.</summary>
    public ServiceCounters Counters { get; } = new();

    /// <summary>The generation cache (memory, and disk when configured).</summary>
    public GenerationCache Cache { get; }

    /// <summary>The clip library, or null when no clip files are written.</summary>
    public ClipLibrary? Clips { get; }

    /// <summary>Who watches the clients (the control page's live updates).</summary>
    internal SessionObservers Observers { get; }

    /// <summary>The clients connected now, after their Hello.</summary>
    internal IEnumerable<ClientSession> Sessions => _sessions.Values;

    /// <summary>The control page, or null when the engine serves none.</summary>
    internal WebSurface? Web { get; private set; }

    /// <summary>Clients connected now (after their Hello).</summary>
    public int ConnectedClients => _sessions.Count;

    /// <summary>Completes when the server has stopped.</summary>
    public Task Completion => _stopping ?? _acceptLoop;

    /// <summary>Takes the pipe name and starts serving.</summary>
    /// <exception cref="PipeNameInUseException">Another engine already serves the name.</exception>
    public static async Task<EngineServer> StartAsync(
        EngineServerOptions options,
        IImageGenerator generator,
        ILoopAudioRenderer renderer,
        EngineLog? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentDiffusion, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentReconstruction, 1);
        log ??= EngineLog.Silent;
        PipeListener listener = await PipeListener.StartAsync(options.PipeName, options.Listener, cancellationToken).ConfigureAwait(false);
        EngineServer server;
        try
        {
            server = new EngineServer(listener, options, generator, renderer, log);
        }
        catch
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (options.Web is { } web)
            server.Web = await WebSurface.TryStartAsync(server, web, log).ConfigureAwait(false);

        var info = generator.Info;
        log.Info($"serving pipe '{listener.PipeName}'; model {info.ModelName} on {info.Device}; " +
                 $"{options.MaxConcurrentDiffusion} generator run(s) and {options.MaxConcurrentReconstruction} reconstruction(s) at once");
        log.Info($"clips: {server.Clips?.Folder ?? "not written"}; image cache: {server.Cache.Folder ?? "memory only"}");
        if (info.IsTiny)
            log.Warning(Diffusion.Model.ModelLocator.TinyModelMessage);
        if (!info.RunsDiffusion)
            log.Warning("no diffusion: every loop is its seed's own spectrogram, whatever the prompt (no model in use)");
        return server;
    }

    /// <summary>Stops accepting, cancels running jobs, waits for clip files under way, and closes every connection.</summary>
    public Task StopAsync()
    {
        lock (_stopGate)
            return _stopping ??= StopCoreAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopCoreAsync()
    {
        _log.Info("shutting down: cancelling jobs, finishing clip files");
        _stop.Cancel();
        if (Web is not null)
            await Web.DisposeAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);
        await _scheduler.ShutdownAsync().ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
        _log.Info($"stopped; {Counters}");
    }

    private async Task AcceptLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            PipeConnection connection;
            try
            {
                connection = await _listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                break;
            }

            Task serving = Task.Run(() => ServeAsync(connection, stop));
            _connections.TryAdd(serving, true);
            _ = serving.ContinueWith(done => _connections.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(PipeConnection connection, CancellationToken stop)
    {
        Hello? hello;
        try
        {
            Welcome welcome = ClientMessages.WelcomeFor(Generator, _options.EngineVersion, writesClips: Clips is not null);
            hello = await Handshake.AcceptAsync(connection, _ => welcome, _options.HandshakeTimeout, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            hello = null;
            if (e is TimeoutException)
                _log.Info($"a client said nothing for {_options.HandshakeTimeout.TotalSeconds:0} s; closed");
        }

        if (hello is null)
        {
            if (connection.RejectedFrames > 0 || connection.CloseReason is not ("the peer closed the pipe" or null))
                _log.Info($"a client was refused before Hello ({connection.CloseReason ?? "wrong protocol version or no Hello"})");
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var session = new ClientSession(Interlocked.Increment(ref _nextClientId), connection, hello, Counters, Observers);
        _sessions[session.Id] = session;
        Observers.Connected(session);
        _scheduler.AddClient(session);
        Counters.ClientServed();
        _log.Info($"{session.Name} connected ({(hello.ClientVersion.Length > 0 ? hello.ClientVersion + ", " : "")}protocol {hello.ProtocolMajor}.{hello.ProtocolMinor})");
        try
        {
            await foreach (Message message in connection.Incoming.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    _handler.Handle(session, message);
                }
                catch (Exception e)
                {
                    // A bug met by one client's message must not end that client's connection, let alone the engine.
                    _log.Error($"{session.Name}: {message.GetType().Name} failed: {e}");
                    _messages.HandlingFailed(session, message.GetType().Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            _scheduler.RemoveClient(session);
            _sessions.TryRemove(session.Id, out _);
            Observers.Disconnected(session);
            _log.Info($"{session.Name} disconnected ({connection.CloseReason ?? "engine stopping"})");
            await session.CloseAsync(ClosePatience).ConfigureAwait(false);
        }
    }

    private (string? Url, string? Problem) PageAddressFor(ClientSession session) =>
        Web is { } web
            ? (web.AddressFor(session.IsPluginInstance ? session.Hello.InstanceId : null), null)
            : (null, _options.Web is null ? "This engine serves no control page (it was started with --no-http)." : "The engine's control page could not start; see the engine log.");
}
