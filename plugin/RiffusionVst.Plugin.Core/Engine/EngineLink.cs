using RiffusionVst.Protocol;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>
/// The only part of the engine client that touches the pipe: connects (starting the engine through the
/// <see cref="IEngineLauncher"/> when none answers, retrying with backoff), says Hello and checks the protocol,
/// reads and writes frames, and reconnects after a lost engine. What to send comes from an
/// <see cref="IEngineConversation"/>; the link keeps the status the plugin shows.
/// </summary>
internal sealed class EngineLink
{
    private readonly EngineClientOptions _options;
    private readonly IEngineLauncher _launcher;
    private EngineStatus _status = new(EngineState.Stopped, "Not started");
    private string? _lastError;

    /// <summary>Creates a link to <paramref name="pipeName"/>; nothing happens before <see cref="RunAsync"/>.</summary>
    public EngineLink(string pipeName, EngineClientOptions options, IEngineLauncher launcher)
    {
        PipeName = pipeName ?? throw new ArgumentNullException(nameof(pipeName));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
    }

    /// <summary>The pipe the link connects to.</summary>
    public string PipeName { get; }

    /// <summary>The current status; safe to read from any thread.</summary>
    public EngineStatus Status => Volatile.Read(ref _status);

    /// <summary>The last error the engine, the pipe or the conversation reported, or null; safe to read from any thread.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Shows a status (the client's start and stop).</summary>
    public void SetStatus(EngineState state, string text, int rendered = 0, int total = 0) =>
        Volatile.Write(ref _status, new EngineStatus(state, text, rendered, total));

    /// <summary>Connects, talks and reconnects until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(IEngineConversation conversation, CancellationToken ct)
    {
        TimeSpan delay = _options.InitialRetryDelay;
        bool launched = false;
        bool everConnected = false;
        while (!ct.IsCancellationRequested)
        {
            PipeConnection connection;
            try
            {
                connection = await PipeConnection.ConnectAsync(PipeName, _options.ConnectTimeout, null, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is TimeoutException or IOException or UnauthorizedAccessException)
            {
                if (_options.StartEngine && !launched)
                {
                    launched = _launcher.TryLaunch(PipeName, out string? error);
                    if (launched)
                        SetStatus(EngineState.Connecting, "Starting the engine…");
                    else
                        SetStatus(EngineState.Error, error ?? "Could not start the engine.");
                }
                else if (everConnected)
                {
                    SetStatus(EngineState.EngineGone, "Engine gone — still playing; reconnecting…");
                }
                else if (Status.State != EngineState.Error)
                {
                    SetStatus(EngineState.Connecting, "Waiting for the engine…");
                }
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = Doubled(delay);
                continue;
            }

            everConnected = true;
            launched = false;
            await using (connection.ConfigureAwait(false))
            {
                try
                {
                    await RunSessionAsync(connection, conversation, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
                {
                    Volatile.Write(ref _lastError, e.Message);
                }
            }
            conversation.End();
            if (Status.State != EngineState.Error)
            {
                SetStatus(EngineState.EngineGone, "Engine gone — still playing; reconnecting…");
                delay = _options.InitialRetryDelay;
            }
            else
            {
                // An engine that refuses us is asked again ever more rarely.
                delay = Doubled(delay);
            }
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }

    private TimeSpan Doubled(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));

    private async Task RunSessionAsync(PipeConnection connection, IEngineConversation conversation, CancellationToken ct)
    {
        Welcome welcome;
        try
        {
            welcome = await Handshake.IntroduceAsync(connection, conversation.Hello(), _options.HandshakeTimeout, ct).ConfigureAwait(false);
        }
        catch (ProtocolRefusedException e)
        {
            SetStatus(EngineState.Error, e.Message);
            return;
        }
        catch (TimeoutException)
        {
            SetStatus(EngineState.Error, $"The engine did not answer within {_options.HandshakeTimeout.TotalSeconds:0.#} s.");
            return;
        }
        if (welcome.ProtocolMajor != ProtocolVersion.Major)
        {
            SetStatus(EngineState.Error, $"The engine speaks protocol {welcome.ProtocolMajor} and the plugin {ProtocolVersion.Major}; install matching versions.");
            return;
        }
        SetStatus(EngineState.Connected, "Connected");
        await SendAsync(connection, conversation.Begin(welcome), ct).ConfigureAwait(false);

        while (!ct.IsCancellationRequested)
        {
            while (connection.Incoming.TryRead(out Message? message))
                await SendAsync(connection, conversation.Receive(message), ct).ConfigureAwait(false);
            await SendAsync(connection, conversation.Tick(), ct).ConfigureAwait(false);

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(_options.PollInterval);
            try
            {
                if (!await connection.Incoming.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    return; // the engine went away
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Poll interval passed with nothing to read.
            }
        }
    }

    /// <summary>Shows what a step decided and sends its messages in order.</summary>
    private async Task SendAsync(PipeConnection connection, ClientStep step, CancellationToken ct)
    {
        if (step.Error is { } error)
            Volatile.Write(ref _lastError, error);
        if (step.Status is { } status)
            Volatile.Write(ref _status, status);
        foreach (Message message in step.Send)
            await connection.SendAsync(message, ct).ConfigureAwait(false);
    }
}
