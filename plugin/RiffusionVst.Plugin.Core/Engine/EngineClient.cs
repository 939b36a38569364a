using System.Reflection;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>
/// The plugin's link to the engine, on its own background task, composed of three parts: the
/// <see cref="EngineLink"/> (connect, launch, handshake, frames, reconnect), the <see cref="GridRequester"/> (what
/// to ask for: grids once settings settle, retimes once tempo settles, a project's stored images, nothing new while
/// Freeze is on) and the <see cref="GridAssembler"/> (LoopReady → the grid the player plays, and the grid a project
/// saves, <see cref="StoredGrid"/>). It also carries out what the engine's page asks of this instance (prompt
/// slots, name, regenerate). It never blocks the audio thread: all it shares with it are atomics and mailboxes.
/// </summary>
public sealed class EngineClient : IAsyncDisposable, IEngineConversation
{
    private readonly PluginProcessor _processor;
    private readonly PromptSlots _prompts;
    private readonly EngineClientOptions _options;
    private readonly EngineLink _link;
    private readonly GridAssembler _assembler = new();
    private readonly GridRequester _requester;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private Task? _disposal;
    private string? _pageUrl;

    /// <summary>Creates a client for one plugin instance; call <see cref="Start"/> to begin.</summary>
    /// <param name="processor">The instance's processor (its player receives the grids; its transport tells the tempo).</param>
    /// <param name="prompts">The instance's prompt slots.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="launcher">Starts the engine when none answers; null for <see cref="ProcessEngineLauncher"/> with its default path.</param>
    /// <param name="time">The clock settle times are measured on; null for the system clock.</param>
    public EngineClient(PluginProcessor processor, PromptSlots prompts, EngineClientOptions? options = null, IEngineLauncher? launcher = null, TimeProvider? time = null)
    {
        _processor = processor ?? throw new ArgumentNullException(nameof(processor));
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _options = options ?? new EngineClientOptions();
        if (_options.GridPointCount < 2)
            throw new ArgumentOutOfRangeException(nameof(options), _options.GridPointCount, "GridPointCount must be at least 2.");
        _link = new EngineLink(PipeNames.Resolve(_options.PipeName), _options, launcher ?? new ProcessEngineLauncher());
        _requester = new GridRequester(new ProcessorObservation(processor, prompts), _assembler, _options, time ?? TimeProvider.System);
    }

    /// <summary>The pipe the client connects to.</summary>
    public string PipeName => _link.PipeName;

    /// <summary>The instance's name (shown by the engine's page and CLI); the page may rename it. Safe from any thread.</summary>
    public string Name
    {
        get => _requester.Name;
        set => _requester.Name = value;
    }

    /// <summary>The engine's control page opened at this instance (with its token), or null until the engine has said.</summary>
    public string? PageUrl => Volatile.Read(ref _pageUrl);

    /// <summary>The current status, for the plugin's status line; safe to read from any thread.</summary>
    public EngineStatus Status => _link.Status;

    /// <summary>The last error text the engine or the pipe reported, or null.</summary>
    public string? LastError => _link.LastError;

    /// <summary>
    /// The grid in use with its images, for the project to save (the last complete grid, or the one being restored);
    /// null until a grid is complete. Safe to read from any thread.
    /// </summary>
    public StoredGrid? StoredGrid => _assembler.Published;

    /// <summary>Starts the background task (once).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposal) is not null, this);
        if (_run is null)
        {
            _link.SetStatus(EngineState.Connecting, "Looking for the engine…");
            _run = Task.Run(() => _link.RunAsync(this, _stop.Token));
        }
    }

    /// <summary>
    /// Plays a saved project's grid again: its images go to the engine, which renders them at the host's tempo and rate
    /// with no diffusion; until they are back an offline render waits for them (<see cref="OfflineWait"/>). Callable
    /// from any thread, before or after <see cref="Start"/>.
    /// </summary>
    public void Restore(StoredGrid grid) => _requester.Restore(grid);

    /// <summary>Forgets captured seed audio; the next grid starts from the seed pattern again.</summary>
    public void ClearCapturedSeed() => _requester.ClearCapturedSeed();

    /// <summary>Stops the background task and closes the pipe; what was rendered keeps playing.</summary>
    public ValueTask DisposeAsync()
    {
        // Hosts and wrappers may dispose twice (or from two threads): every call awaits the one shutdown.
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? first = Interlocked.CompareExchange(ref _disposal, mine.Task, null);
        if (first is not null)
            return new ValueTask(first);
        _ = ShutDownAsync(mine);
        return new ValueTask(mine.Task);
    }

    private async Task ShutDownAsync(TaskCompletionSource done)
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
            done.SetResult();
        }
        catch (Exception e)
        {
            done.SetException(e);
        }
    }

    private async Task StopAsync()
    {
        _stop.Cancel();
        if (_run is not null)
        {
            try
            {
                await _run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping is the point.
            }
        }
        _stop.Dispose();
        _link.SetStatus(EngineState.Stopped, "Stopped");
    }

    Hello IEngineConversation.Hello() => new()
    {
        ClientName = PluginInfo.Name,
        ClientVersion = typeof(EngineClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
        InstanceId = _options.InstanceId,
        Label = Name,
    };

    ClientStep IEngineConversation.Begin(Welcome welcome) => _requester.Begin(welcome);

    ClientStep IEngineConversation.Tick() => _requester.Tick();

    ClientStep IEngineConversation.Receive(Message message)
    {
        switch (message)
        {
            case SetPromptSlot set when set.InstanceId == _options.InstanceId:
                if ((uint)set.Slot < ParameterCatalog.PromptSlotCount && set.Text is { Length: <= PromptSlots.MaxLength })
                    _prompts.Set(set.Slot, set.Text);
                return ClientStep.None;
            case RenameInstance rename when rename.InstanceId == _options.InstanceId:
                Name = rename.Name;
                return ClientStep.None;
            case RegenerateInstance regenerate when regenerate.InstanceId == _options.InstanceId:
                // As if the host pressed Regenerate: a rising edge of the parameter.
                _processor.Parameters.Set(ParameterId.Regenerate, 1f);
                _processor.Parameters.Set(ParameterId.Regenerate, 0f);
                return ClientStep.None;
            case PageAddress page:
                Volatile.Write(ref _pageUrl, page.Url.Length > 0 ? page.Url : null);
                return ClientStep.None;
        }
        ClientStep step = _requester.Receive(message);
        if (step.Play is { } grid)
            _processor.Player.Submit(grid);
        return step;
    }

    void IEngineConversation.End() => _requester.End();
}
