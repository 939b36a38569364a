using System.Reflection;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Protocol;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>
/// The plugin's link to the engine, on its own background task: connects to the engine pipe
/// (starting the engine when none answers, retrying with backoff), says Hello and sends the
/// instance's prompt slots, asks for alpha grids when settings change and for retimes when the
/// tempo or rate changes, turns each LoopReady into an immutable loop off the audio thread and
/// hands the grid to the player. It keeps every point's spectrogram image, so a project saves
/// the grid in use (<see cref="StoredGrid"/>) and a reopened one hands those images back to the
/// engine (<see cref="Restore"/>, <see cref="RenderFromImages"/>: no diffusion). While Freeze is
/// on it asks for no new grids, only retimes. It never blocks the audio thread: all it shares
/// with it are atomics and the player's lock-free hand-over.
/// </summary>
public sealed class EngineClient : IAsyncDisposable
{
    private readonly PluginProcessor _processor;
    private readonly PromptSlots _prompts;
    private readonly EngineClientOptions _options;
    private readonly IEngineLauncher _launcher;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<long, int> _retimes = [];
    private Task? _run;
    private EngineStatus _status = new(EngineState.Stopped, "Not started");
    private StoredGrid? _restoreMailbox;
    private StoredGrid? _storedPublished;

    // Everything below belongs to the background task.
    private long _nextRequestId = 1;
    private bool _canRetime;
    private bool _canRestore;
    private string _modelName = "";
    private StoredGrid? _restorePending;
    private bool _restoring;
    private RenderSettings? _gridSettings;
    private string _gridScheduler = SchedulerNames.Pndm;
    private byte[]?[] _pngs = [];
    private StoredGrid? _stored;
    private bool _storedIsCurrent;
    private bool _offlineNoticeSent;
    private int _sentPromptVersion = -1;
    private RenderSettings? _requested;
    private long _gridRequestId;
    private AlphaGrid? _grid;
    private string?[] _generationKeys = [];
    private int _arrived;
    private RenderSettings? _candidate;
    private DateTime _candidateSince;
    private (double Bpm, int Rate) _target;
    private (double Bpm, int Rate) _tempoCandidate;
    private DateTime _tempoSince;
    private CapturedAudio? _seedAudio;
    private int _seedAudioVersion;
    private string? _lastError;
    private string _name;
    private string? _pageUrl;
    private (int SlotA, int SlotB, float Alpha, int Bars, double Bpm, string Name) _sentSummary;

    /// <summary>Creates a client for one plugin instance; call <see cref="Start"/> to begin.</summary>
    /// <param name="processor">The instance's processor (its player receives the grids; its transport tells the tempo).</param>
    /// <param name="prompts">The instance's prompt slots.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="launcher">Starts the engine when none answers; null for <see cref="ProcessEngineLauncher"/> with its default path.</param>
    public EngineClient(PluginProcessor processor, PromptSlots prompts, EngineClientOptions? options = null, IEngineLauncher? launcher = null)
    {
        _processor = processor ?? throw new ArgumentNullException(nameof(processor));
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _options = options ?? new EngineClientOptions();
        if (_options.GridPointCount < 2)
            throw new ArgumentOutOfRangeException(nameof(options), _options.GridPointCount, "GridPointCount must be at least 2.");
        _launcher = launcher ?? new ProcessEngineLauncher();
        _name = _options.Label;
        PipeName = PipeNames.Resolve(_options.PipeName);
    }

    /// <summary>The pipe the client connects to.</summary>
    public string PipeName { get; }

    /// <summary>The instance's name (shown by the engine's page and CLI); the page may rename it. Safe from any thread.</summary>
    public string Name
    {
        get => Volatile.Read(ref _name);
        set => Volatile.Write(ref _name, Core.State.PluginState.CleanName(value));
    }

    /// <summary>The engine's control page opened at this instance (with its token), or null until the engine has said.</summary>
    public string? PageUrl => Volatile.Read(ref _pageUrl);

    /// <summary>The current status, for the plugin's status line; safe to read from any thread.</summary>
    public EngineStatus Status => Volatile.Read(ref _status);

    /// <summary>Starts the background task (once).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposal) is not null, this);
        if (_run is null)
        {
            SetStatus(EngineState.Connecting, "Looking for the engine…");
            _run = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>
    /// The grid in use with its images, for the project to save (the last complete grid, or the one being restored);
    /// null until a grid is complete. Safe to read from any thread.
    /// </summary>
    public StoredGrid? StoredGrid => Volatile.Read(ref _storedPublished);

    /// <summary>
    /// Plays a saved project's grid again: its images go to the engine, which renders them at the host's tempo and rate
    /// with no diffusion; until they are back an offline render waits for them (<see cref="OfflineWait"/>). Callable
    /// from any thread, before or after <see cref="Start"/>.
    /// </summary>
    public void Restore(StoredGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Volatile.Write(ref _storedPublished, grid);
        Volatile.Write(ref _restoreMailbox, grid);
        _processor.Offline.Expect();
    }

    /// <summary>Forgets captured seed audio; the next grid starts from the seed pattern again.</summary>
    public void ClearCapturedSeed() => Interlocked.Exchange(ref _clearSeedRequested, 1);

    private int _clearSeedRequested;

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

    private Task? _disposal;

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
        SetStatus(EngineState.Stopped, "Stopped");
    }

    private async Task RunAsync(CancellationToken ct)
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
                else if (_status.State != EngineState.Error)
                {
                    SetStatus(EngineState.Connecting, "Waiting for the engine…");
                }
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
                continue;
            }

            everConnected = true;
            launched = false;
            await using (connection.ConfigureAwait(false))
            {
                try
                {
                    await RunSessionAsync(connection, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
                {
                    _lastError = e.Message;
                }
            }
            ForgetSession();
            if (_status.State != EngineState.Error)
            {
                SetStatus(EngineState.EngineGone, "Engine gone — still playing; reconnecting…");
                delay = _options.InitialRetryDelay;
            }
            else
            {
                // An engine that refuses us is asked again ever more rarely.
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }

    private async Task RunSessionAsync(PipeConnection connection, CancellationToken ct)
    {
        var hello = new Hello
        {
            ClientName = PluginInfo.Name,
            ClientVersion = typeof(EngineClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            InstanceId = _options.InstanceId,
            Label = Name,
        };
        Welcome welcome;
        try
        {
            welcome = await Handshake.IntroduceAsync(connection, hello, _options.HandshakeTimeout, ct).ConfigureAwait(false);
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
        _canRetime = welcome.Capabilities.Contains(Capabilities.Retime);
        _canRestore = _canRetime && welcome.Capabilities.Contains(Capabilities.RenderFromImages);
        _modelName = welcome.Model?.Name ?? "";
        SetStatus(EngineState.Connected, "Connected");
        // The plugin asks for its page's address: no instance ever reads the engine's token file.
        await connection.SendAsync(new GetPageAddress { RequestId = _nextRequestId++ }, ct).ConfigureAwait(false);

        while (!ct.IsCancellationRequested)
        {
            while (connection.Incoming.TryRead(out Message? message))
                await HandleAsync(connection, message, ct).ConfigureAwait(false);
            await TickAsync(connection, ct).ConfigureAwait(false);

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

    private async Task HandleAsync(PipeConnection connection, Message message, CancellationToken ct)
    {
        switch (message)
        {
            case LoopReady ready:
                await AcceptLoopAsync(connection, ready, ct).ConfigureAwait(false);
                break;
            case Progress progress when progress.RequestId == _gridRequestId && _grid is not null:
                string stage = progress.Total > 0 ? $" — {progress.Stage} {progress.Step}/{progress.Total}" : "";
                SetStatus(EngineState.Rendering, $"{(_restoring ? RestoringText : "Rendering")} {_arrived + 1}/{_grid.PointCount}{stage}", _arrived, _grid.PointCount);
                break;
            case ErrorMessage error when _restoring && error.RequestId == _gridRequestId && error.Code != ErrorCode.Cancelled:
                // The images could not be used (damaged, or an engine that refuses them): ask for the grid anew.
                _lastError = $"The project's stored loops could not be used ({error.Message}); rendering them anew.";
                SetStatus(EngineState.Error, _lastError);
                _restoring = false;
                _requested = null;
                _processor.Offline.Release();
                break;
            case ErrorMessage { Code: ErrorCode.UnknownGeneration } error when error.RequestId is { } id && _retimes.Remove(id) && _storedIsCurrent && _stored is not null:
                // The engine lost the image behind a loop (evicted from its cache): it gets the images back, with no diffusion.
                _restorePending ??= _stored;
                break;
            case ErrorMessage error when error.RequestId is null || error.RequestId == _gridRequestId || _retimes.ContainsKey(error.RequestId.Value):
                if (error.Code != ErrorCode.Cancelled)
                {
                    _lastError = error.Message;
                    SetStatus(EngineState.Error, "Engine: " + error.Message);
                }
                break;
            case SetPromptSlot set when set.InstanceId == _options.InstanceId:
                if ((uint)set.Slot < ParameterCatalog.PromptSlotCount && set.Text is { Length: <= PromptSlots.MaxLength })
                    _prompts.Set(set.Slot, set.Text);
                break;
            case RenameInstance rename when rename.InstanceId == _options.InstanceId:
                Name = rename.Name;
                break;
            case RegenerateInstance regenerate when regenerate.InstanceId == _options.InstanceId:
                // As if the host pressed Regenerate: a rising edge of the parameter.
                _processor.Parameters.Set(ParameterId.Regenerate, 1f);
                _processor.Parameters.Set(ParameterId.Regenerate, 0f);
                break;
            case PageAddress page:
                Volatile.Write(ref _pageUrl, page.Url.Length > 0 ? page.Url : null);
                break;
        }
    }

    private async Task AcceptLoopAsync(PipeConnection connection, LoopReady ready, CancellationToken ct)
    {
        int index;
        if (ready.RequestId == _gridRequestId && _grid is not null)
            index = (int)Math.Round(Math.Clamp(ready.Alpha, 0f, 1f) * (_grid.PointCount - 1));
        else if (_retimes.Remove(ready.RequestId, out int retimed) && _grid is not null)
            index = retimed;
        else
            return; // an answer to something since replaced

        LoopBuffer? loop = BuildLoop(ready, _grid, out string? problem);
        if (loop is null)
        {
            SetStatus(EngineState.Error, problem!);
            return;
        }
        _grid = _grid.With(index, loop);
        _generationKeys[index] = ready.GenerationKey;
        if (ready.Png is { Length: > 0 } png)
            _pngs[index] = png;
        if (ready.RequestId == _gridRequestId)
            _arrived++;
        _processor.Player.Submit(_grid);
        if (ready.RequestId == _gridRequestId && _arrived == _grid.PointCount)
            GridComplete();

        if (_canRetime && (ready.Bpm != _target.Bpm || ready.SampleRate != _target.Rate) && _target.Bpm > 0)
            await SendRetimeAsync(connection, index, ct).ConfigureAwait(false);
        ReportProgress();
    }

    /// <summary>Turns a LoopReady into a loop buffer, refusing one that does not keep the length contract.</summary>
    internal static LoopBuffer? BuildLoop(LoopReady ready, AlphaGrid grid, out string? problem)
    {
        problem = null;
        if (ready.Pcm is not { Length: 1 or 2 } pcm || pcm[0] is null || pcm[0].Length == 0)
        {
            problem = "The engine sent a loop without audio.";
            return null;
        }
        if (ready.Bars != grid.Bars || ready.BeatsPerBar != grid.BeatsPerBar || !(ready.Bpm > 0) || ready.SampleRate <= 0)
        {
            problem = $"The engine sent a loop of {ready.Bars} bars of {ready.BeatsPerBar} at {ready.Bpm} BPM and {ready.SampleRate} Hz; expected {grid.Bars} bars of {grid.BeatsPerBar}.";
            return null;
        }
        long expected = ready.ExpectedLength();
        if (pcm[0].Length != expected || (pcm.Length == 2 && pcm[1]?.Length != expected))
        {
            problem = $"The engine sent a loop of {pcm[0].Length} samples where {expected} keep it on the bar; it was not played.";
            return null;
        }
        return new LoopBuffer(pcm[0], pcm.Length == 2 ? pcm[1] : [], ready.Bars, ready.BeatsPerBar, ready.Bpm, ready.SampleRate);
    }

    /// <summary>Every point of the grid is here: a rendered grid becomes the one a saved project keeps, and a restore is over.</summary>
    private void GridComplete()
    {
        // A restored grid stays exactly as the project stored it (its settings name the model that made it, not this engine).
        if (!_restoring && _gridSettings is { } settings && _grid is { } grid && _pngs.Length == grid.PointCount && _pngs.All(p => p is not null))
        {
            var points = _pngs.Select((png, i) => new StoredGridPoint(i, i / (float)(grid.PointCount - 1), png!)).ToArray();
            _stored = new StoredGrid(ToStored(settings), grid.PointCount, points);
            _storedIsCurrent = true;
            Volatile.Write(ref _storedPublished, _stored);
        }
        if (_restoring)
        {
            _restoring = false;
            _processor.Offline.Release();
        }
    }

    private StoredGridSettings ToStored(RenderSettings s) =>
        new(s.TextA, s.SeedA, s.TextB, s.SeedB, s.Denoising, s.Guidance, s.Bars, s.BeatsPerBar,
            s.SeedPatternName, s.EvolveSegment,
            _modelName, _options.Steps, _gridScheduler);

    /// <summary>
    /// The settings a stored grid answers, as this session spells them: seed audio is not saved, so a grid grown from
    /// it stands for the current seed pattern until something changes; regenerate counts start again per session.
    /// </summary>
    private RenderSettings FromStored(StoredGridSettings s) =>
        new(s.TextA, s.SeedA, s.TextB, s.SeedB, s.Denoising, s.Guidance, s.Bars, s.BeatsPerBar,
            s.SeedPattern ?? SeedPatternNames.For(_processor.Parameters.SeedPattern), _seedAudioVersion,
            _processor.Parameters.RegenerateCount, 0, 0, s.EvolveSegment);

    private const string RestoringText = "Restoring loops from the project…";

    /// <summary>Sends a stored grid's images to the engine; <paramref name="settings"/> is what the grid answers from now on.</summary>
    private async Task SendRestoreAsync(PipeConnection connection, StoredGrid stored, RenderSettings settings, CancellationToken ct)
    {
        // A restore that replaces one still on its way: an offline render waits on for the new one.
        bool awaited = _processor.Offline.IsExpected;
        await CancelOutstandingAsync(connection, ct).ConfigureAwait(false);
        if (awaited)
            _processor.Offline.Expect();
        StoredGridSettings s = stored.Settings;
        _requested = settings;
        _candidate = settings;
        _gridSettings = settings;
        _gridScheduler = s.Scheduler;
        _gridRequestId = _nextRequestId++;
        _arrived = 0;
        _restoring = true;
        // After a reconnect the loops we have stay in the grid and are replaced one by one (the same samples).
        if (_grid is null || _grid.Key != settings.Key || _grid.PointCount != stored.PointCount)
        {
            _grid = new AlphaGrid(stored.PointCount, s.Bars, s.BeatsPerBar, settings.Key, s.EvolveSegment);
            _generationKeys = new string?[stored.PointCount];
        }
        _pngs = stored.Points.Select(p => (byte[]?)p.Png).ToArray();
        _stored = stored;
        _storedIsCurrent = true;
        await connection.SendAsync(new RenderFromImages
        {
            RequestId = _gridRequestId,
            Images = stored.Points.Select(p => new StoredImage { Alpha = p.Alpha, Png = p.Png }).ToArray(),
            Bpm = _target.Bpm,
            Bars = s.Bars,
            BeatsPerBar = s.BeatsPerBar,
            SampleRate = _target.Rate,
            Channels = _options.Channels,
        }, ct).ConfigureAwait(false);
        SetStatus(EngineState.Rendering, $"{RestoringText} 1/{stored.PointCount}", 0, stored.PointCount);
    }

    /// <summary>An offline render with nothing stored to wait for plays silence until loops come: say so, here and in the engine's log.</summary>
    private async Task NoticeOfflineAsync(PipeConnection connection, CancellationToken ct)
    {
        if (!_processor.ObservedOffline)
        {
            _offlineNoticeSent = false; // back in real time: the next bounce is told again
            return;
        }
        bool gaveUp = _processor.Offline.GaveUp;
        if (_offlineNoticeSent || !(gaveUp || (_stored is null && _restorePending is null && !_processor.Offline.IsExpected)))
            return;
        _offlineNoticeSent = true;
        string text = gaveUp
            ? $"Offline bounce: the project's stored loops did not arrive within {_processor.Offline.Limit.TotalSeconds:0} s; the bounce went on without them."
            : "Offline bounce: the project carries no stored loops (render once in real time and save), so the bounce is silent until the engine delivers.";
        _lastError = text;
        SetStatus(EngineState.Error, text);
        await connection.SendAsync(ErrorMessage.Create(ErrorCode.Unknown, text), ct).ConfigureAwait(false);
    }

    private async Task TickAsync(PipeConnection connection, CancellationToken ct)
    {
        int promptVersion = _prompts.ChangeCount;
        PluginParameters live = _processor.Parameters;
        // Alpha in hundredths: the page shows where the DAW is without a message per automation step.
        var summary = (live.PromptSlotA, live.PromptSlotB, MathF.Round(live.Alpha, 2), live.Bars, Math.Round(_processor.ObservedBpm, 3), Name);
        if (promptVersion != _sentPromptVersion || summary != _sentSummary)
        {
            _sentPromptVersion = promptVersion;
            _sentSummary = summary;
            await connection.SendAsync(new InstanceState
            {
                InstanceId = _options.InstanceId,
                Label = summary.Name,
                PromptSlots = _prompts.ToArray(),
                SlotA = summary.PromptSlotA,
                SlotB = summary.PromptSlotB,
                Alpha = summary.Item3,
                Bars = summary.Bars,
                Bpm = double.IsFinite(summary.Item5) ? summary.Item5 : 0,
            }, ct).ConfigureAwait(false);
        }

        if (_processor.Capture.TryTakeCompleted(out CapturedAudio? captured))
        {
            _seedAudio = captured;
            _seedAudioVersion++;
        }
        if (Interlocked.Exchange(ref _clearSeedRequested, 0) != 0 && _seedAudio is not null)
        {
            _seedAudio = null;
            _seedAudioVersion++;
        }

        if (Interlocked.Exchange(ref _restoreMailbox, null) is { } restore)
            _restorePending = restore;
        await NoticeOfflineAsync(connection, ct).ConfigureAwait(false);

        DateTime now = DateTime.UtcNow;
        double bpm = _processor.ObservedBpm;
        int rate = (int)Math.Round(_processor.SampleRate);
        if (!(bpm > 0) || rate <= 0)
        {
            if (_requested is null)
                SetStatus(EngineState.Connected, "Connected — waiting for the host's tempo");
            return;
        }

        // Tempo and rate settle before a retime, so a tempo ramp costs one retime, not hundreds.
        if ((bpm, rate) != _tempoCandidate)
        {
            _tempoCandidate = (bpm, rate);
            _tempoSince = now;
        }
        bool tempoSettled = now - _tempoSince >= _options.SettleTime || _target.Bpm <= 0;
        if (tempoSettled)
            _target = _tempoCandidate;

        if (_restorePending is { } pending && _target.Bpm > 0)
        {
            _restorePending = null;
            if (_canRestore)
            {
                // A reconnect keeps the exact settings of the grid; a project's grid answers its saved settings.
                RenderSettings settings = _storedIsCurrent && ReferenceEquals(pending, _stored) && _gridSettings is { } current ? current : FromStored(pending.Settings);
                await SendRestoreAsync(connection, pending, settings, ct).ConfigureAwait(false);
                return;
            }
            _lastError = "This engine cannot play the project's stored loops (update riffusion-engine); rendering them anew.";
            _processor.Offline.Release();
        }

        bool frozen = _processor.Parameters.Freeze;
        RenderSettings wanted = Desired(_target.Bpm, _target.Rate);
        if (wanted != _candidate)
        {
            _candidate = wanted;
            _candidateSince = now;
        }
        if (frozen && _requested is null && _grid is null)
            SetStatus(EngineState.Connected, "Frozen — no loops yet; turn Freeze off to render");
        if (!frozen && wanted != _requested && (now - _candidateSince >= _options.SettleTime || _requested is null))
        {
            await RequestGridAsync(connection, wanted, ct).ConfigureAwait(false);
            return;
        }

        if (_canRetime && _grid is not null && tempoSettled)
        {
            for (int i = 0; i < _grid.PointCount; i++)
            {
                if (_grid[i] is { } loop && _generationKeys[i] is not null && !_retimes.ContainsValue(i)
                    && (loop.Bpm != _target.Bpm || loop.SampleRate != _target.Rate))
                    await SendRetimeAsync(connection, i, ct).ConfigureAwait(false);
            }
        }
    }

    private RenderSettings Desired(double bpm, int rate)
    {
        PluginParameters p = _processor.Parameters;
        int slotA = p.PromptSlotA, slotB = p.PromptSlotB, seed = p.Seed;
        long seedA = seed, seedB = seed + 1L;
        long? evolveSegment = null;
        if (p.Evolve)
        {
            evolveSegment = EvolveSchedule.SegmentForLoop(_processor.Player.LoopIndex);
            var segment = EvolveSchedule.Segment(evolveSegment.Value, slotA, slotB, seed);
            (slotA, seedA, slotB, seedB) = (segment.StartSlot, segment.StartSeed, segment.EndSlot, segment.EndSeed);
        }
        return new RenderSettings(
            _prompts[slotA], seedA, _prompts[slotB], seedB, p.Denoising, p.Guidance, p.Bars, p.BeatsPerBar,
            _seedAudio is null ? SeedPatternNames.For(p.SeedPattern) : null, _seedAudioVersion, p.RegenerateCount,
            // With retime, tempo is not part of what a grid is: it is stretched, not re-diffused.
            _canRetime ? 0 : bpm, _canRetime ? 0 : rate, evolveSegment);
    }

    private async Task CancelOutstandingAsync(PipeConnection connection, CancellationToken ct)
    {
        if (_requested is not null)
            await connection.SendAsync(new Cancel { RequestId = _gridRequestId }, ct).ConfigureAwait(false);
        foreach (long retime in _retimes.Keys)
            await connection.SendAsync(new Cancel { RequestId = retime }, ct).ConfigureAwait(false);
        _retimes.Clear();
        if (_restoring)
        {
            // A restore given up for a new grid: nothing stored is on its way any more.
            _restoring = false;
            _processor.Offline.Release();
        }
    }

    private async Task RequestGridAsync(PipeConnection connection, RenderSettings wanted, CancellationToken ct)
    {
        await CancelOutstandingAsync(connection, ct).ConfigureAwait(false);

        PluginParameters p = _processor.Parameters;
        int n = _options.GridPointCount;
        _requested = wanted;
        _gridRequestId = _nextRequestId++;
        _arrived = 0;
        if (_grid is null || _grid.Key != wanted.Key || _grid.PointCount != n)
        {
            _grid = new AlphaGrid(n, wanted.Bars, wanted.BeatsPerBar, wanted.Key, wanted.EvolveSegment);
            _generationKeys = new string?[n];
            _pngs = new byte[]?[n];
            _storedIsCurrent = false;
        }
        _gridSettings = wanted;
        // Same settings after a reconnect: the loops we have stay in the grid and are replaced one by one,
        // so the player never falls back to a half-empty grid.
        var request = new RenderRequest
        {
            RequestId = _gridRequestId,
            PromptA = new PromptSpec { Text = wanted.TextA, Seed = wanted.SeedA, Denoising = wanted.Denoising, Guidance = wanted.Guidance },
            PromptB = new PromptSpec { Text = wanted.TextB, Seed = wanted.SeedB, Denoising = wanted.Denoising, Guidance = wanted.Guidance },
            AlphaGrid = Enumerable.Range(0, n).Select(i => i / (float)(n - 1)).ToArray(),
            CurrentAlpha = p.Evolve ? EvolveSchedule.AlphaForLoop(_processor.Player.LoopIndex) : p.Alpha,
            Steps = _options.Steps,
            SeedPattern = wanted.SeedPatternName,
            SeedAudio = _seedAudio is { } audio
                ? new SeedAudio { Channels = [audio.Left, audio.Right], SampleRate = (int)Math.Round(audio.SampleRate) }
                : null,
            Bpm = _target.Bpm,
            Bars = wanted.Bars,
            BeatsPerBar = wanted.BeatsPerBar,
            SampleRate = _target.Rate,
            Channels = _options.Channels,
            // Every point's image comes along: a saved project keeps it, so it plays again with no diffusion.
            IncludePng = true,
        };
        _gridScheduler = request.Scheduler;
        await connection.SendAsync(request, ct).ConfigureAwait(false);
        ReportProgress();
    }

    private async Task SendRetimeAsync(PipeConnection connection, int index, CancellationToken ct)
    {
        long id = _nextRequestId++;
        _retimes[id] = index;
        await connection.SendAsync(new Retime
        {
            RequestId = id,
            GenerationKey = _generationKeys[index]!,
            Bpm = _target.Bpm,
            SampleRate = _target.Rate,
        }, ct).ConfigureAwait(false);
    }

    private void ReportProgress()
    {
        if (_grid is null)
            return;
        int present = Math.Min(_arrived, _grid.PointCount);
        if (present < _grid.PointCount)
            SetStatus(EngineState.Rendering, $"{(_restoring ? RestoringText : "Rendering")} {present + 1}/{_grid.PointCount}", present, _grid.PointCount);
        else
            SetStatus(EngineState.Connected, "Connected — all loops ready", present, _grid.PointCount);
    }

    /// <summary>After a lost connection the engine forgets our requests; ask again on reconnect.</summary>
    private void ForgetSession()
    {
        _requested = null;
        _candidate = null;
        _gridRequestId = 0;
        _retimes.Clear();
        // The loops we hold came from images we still have: a new engine (maybe another machine's, with an empty cache)
        // gets those images back rather than a render request, so the sound does not change under the musician.
        if (_restorePending is null && _storedIsCurrent && _stored is not null)
            _restorePending = _stored;
        _restoring = false;
        _sentPromptVersion = -1;
        _target = default;
        _tempoCandidate = default;
    }

    private void SetStatus(EngineState state, string text, int rendered = 0, int total = 0) =>
        Volatile.Write(ref _status, new EngineStatus(state, text, rendered, total));

    /// <summary>The last error text the engine or the pipe reported, or null.</summary>
    public string? LastError => Volatile.Read(ref _lastError);
}
