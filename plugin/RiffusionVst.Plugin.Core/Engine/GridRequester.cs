using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Plugin.Core.Threading;
using RiffusionVst.Protocol;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>
/// Decides what to ask the engine for, from what the host shows (<see cref="IHostObservation"/>) and the time
/// (an injected <see cref="TimeProvider"/>), and returns it as messages (<see cref="ClientStep"/>): the instance's
/// state when it changes, a new alpha grid once settings have settled, retimes once tempo and rate have settled,
/// a project's stored images to render again, the offline-bounce notice. No pipe, no thread, no clock of its own:
/// one caller steps it (<see cref="Begin"/>, <see cref="Tick"/>, <see cref="Receive"/>, <see cref="End"/>), and
/// only <see cref="Restore"/>, <see cref="ClearCapturedSeed"/> and <see cref="Name"/> may be called from other threads.
/// </summary>
/// <remarks>
/// The rules: settings (prompts, seeds, knobs, seed audio, regenerate, the evolve segment) that stay unchanged for
/// <see cref="EngineClientOptions.SettleTime"/> ask for a grid, cancelling what is outstanding (the first grid is
/// asked at once); Freeze asks for none. Tempo and rate settle the same way, then every loop not at them is retimed
/// (with an engine that cannot retime, tempo is part of the settings). A stored grid (a reopened project, or after
/// a lost engine the images of the grid playing) goes back as <see cref="RenderFromImages"/> while an offline
/// render waits for it.
/// </remarks>
internal sealed class GridRequester
{
    private const string RestoringText = "Restoring loops from the project…";

    private readonly IHostObservation _host;
    private readonly GridAssembler _assembler;
    private readonly EngineClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Mailbox<StoredGrid> _restore = new();
    // "Forget the captured seed" carries no value: the box holds this one object or nothing.
    private static readonly object ClearSeedRequest = new();
    private readonly Mailbox<object> _clearSeed = new();
    private readonly Dictionary<long, int> _retimes = [];
    private readonly List<Message> _send = [];
    private EngineStatus? _status;
    private string? _error;
    private AlphaGrid? _play;
    private string _name;

    private long _nextRequestId = 1;
    private bool _canRetime;
    private bool _canRestore;
    private string _modelName = "";
    private StoredGrid? _restorePending;
    private bool _restoring;
    private RenderSettings? _gridSettings;
    private string _gridScheduler = SchedulerNames.Pndm;
    private bool _offlineNoticeSent;
    private int _sentPromptVersion = -1;
    private (int SlotA, int SlotB, float Alpha, int Bars, double Bpm, string Name) _sentSummary;
    private RenderSettings? _requested;
    private long _gridRequestId;
    private RenderSettings? _candidate;
    private DateTimeOffset _candidateSince;
    private (double Bpm, int Rate) _target;
    private (double Bpm, int Rate) _tempoCandidate;
    private DateTimeOffset _tempoSince;
    private CapturedAudio? _seedAudio;
    private int _seedAudioVersion;

    /// <summary>Creates a requester that reads <paramref name="host"/>, fills <paramref name="assembler"/> and reads the time from <paramref name="time"/>.</summary>
    public GridRequester(IHostObservation host, GridAssembler assembler, EngineClientOptions options, TimeProvider time)
    {
        _host = host ?? throw new ArgumentNullException(nameof(host));
        _assembler = assembler ?? throw new ArgumentNullException(nameof(assembler));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _name = options.Label;
    }

    /// <summary>The instance's name as the engine shows it; safe from any thread.</summary>
    public string Name
    {
        get => Volatile.Read(ref _name);
        set => Volatile.Write(ref _name, PluginState.CleanName(value));
    }

    /// <summary>Plays <paramref name="grid"/>'s images again at the next step that knows the tempo; an offline render waits for them. Any thread.</summary>
    public void Restore(StoredGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        _assembler.Publish(grid);
        _restore.Post(grid);
        _host.Offline.Expect();
    }

    /// <summary>Forgets captured seed audio at the next step; the next grid starts from the seed pattern again. Any thread.</summary>
    public void ClearCapturedSeed() => _clearSeed.Post(ClearSeedRequest);

    /// <summary>A session begins: remembers what the engine can do and asks for the instance's page address.</summary>
    public ClientStep Begin(Welcome welcome)
    {
        ArgumentNullException.ThrowIfNull(welcome);
        _canRetime = welcome.Capabilities.Contains(Capabilities.Retime);
        _canRestore = _canRetime && welcome.Capabilities.Contains(Capabilities.RenderFromImages);
        _modelName = welcome.Model?.Name ?? "";
        // The plugin asks for its page's address: no instance ever reads the engine's token file.
        _send.Add(new GetPageAddress { RequestId = _nextRequestId++ });
        return Done();
    }

    /// <summary>The session ended: the engine forgot our requests, so the next session asks again.</summary>
    public void End()
    {
        _requested = null;
        _candidate = null;
        _gridRequestId = 0;
        _retimes.Clear();
        // The loops we hold came from images we still have: a new engine (maybe another machine's, with an empty cache)
        // gets those images back rather than a render request, so the sound does not change under the musician.
        if (_restorePending is null && _assembler.StoredIsCurrent && _assembler.Stored is not null)
            _restorePending = _assembler.Stored;
        _restoring = false;
        _sentPromptVersion = -1;
        _target = default;
        _tempoCandidate = default;
    }

    /// <summary>Looks at the host and the time and says what to send now.</summary>
    public ClientStep Tick()
    {
        SendInstanceStateIfChanged();
        TakeSeedAudioChanges();
        if (_restore.TryTake(out StoredGrid? restore))
            _restorePending = restore;
        NoticeOffline();

        DateTimeOffset now = _time.GetUtcNow();
        double bpm = _host.Bpm;
        int rate = (int)Math.Round(_host.SampleRate);
        if (!(bpm > 0) || rate <= 0)
        {
            if (_requested is null)
                SetStatus(EngineState.Connected, "Connected — waiting for the host's tempo");
            return Done();
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
                RenderSettings settings = _assembler.StoredIsCurrent && ReferenceEquals(pending, _assembler.Stored) && _gridSettings is { } current
                    ? current
                    : FromStored(pending.Settings);
                SendRestore(pending, settings);
                return Done();
            }
            _error = "This engine cannot play the project's stored loops (update riffusion-engine); rendering them anew.";
            _host.Offline.Release();
        }

        bool frozen = _host.Parameters.Freeze;
        RenderSettings wanted = Desired(_target.Bpm, _target.Rate);
        if (wanted != _candidate)
        {
            _candidate = wanted;
            _candidateSince = now;
        }
        if (frozen && _requested is null && _assembler.Grid is null)
            SetStatus(EngineState.Connected, "Frozen — no loops yet; turn Freeze off to render");
        if (!frozen && wanted != _requested && (now - _candidateSince >= _options.SettleTime || _requested is null))
        {
            RequestGrid(wanted);
            return Done();
        }

        if (_canRetime && _assembler.Grid is { } grid && tempoSettled)
        {
            for (int i = 0; i < grid.PointCount; i++)
            {
                if (grid[i] is { } loop && _assembler.GenerationKey(i) is not null && !_retimes.ContainsValue(i)
                    && (loop.Bpm != _target.Bpm || loop.SampleRate != _target.Rate))
                    SendRetime(i);
            }
        }
        return Done();
    }

    /// <summary>Takes an engine message about our requests (loops, progress, errors); others change nothing.</summary>
    public ClientStep Receive(Message message)
    {
        switch (message)
        {
            case LoopReady ready:
                AcceptLoop(ready);
                break;
            case Progress progress when progress.RequestId == _gridRequestId && _assembler.Grid is { } grid:
                string stage = progress.Total > 0 ? $" — {progress.Stage} {progress.Step}/{progress.Total}" : "";
                SetStatus(EngineState.Rendering, $"{(_restoring ? RestoringText : "Rendering")} {_assembler.Arrived + 1}/{grid.PointCount}{stage}", _assembler.Arrived, grid.PointCount);
                break;
            case ErrorMessage error when _restoring && error.RequestId == _gridRequestId && error.Code != ErrorCode.Cancelled:
                // The images could not be used (damaged, or an engine that refuses them): ask for the grid anew.
                _error = $"The project's stored loops could not be used ({error.Message}); rendering them anew.";
                SetStatus(EngineState.Error, _error);
                _restoring = false;
                _requested = null;
                _host.Offline.Release();
                break;
            case ErrorMessage { Code: ErrorCode.UnknownGeneration } error when error.RequestId is { } id && _retimes.Remove(id) && _assembler.StoredIsCurrent && _assembler.Stored is not null:
                // The engine lost the image behind a loop (evicted from its cache): it gets the images back, with no diffusion.
                _restorePending ??= _assembler.Stored;
                break;
            case ErrorMessage error when error.RequestId is null || error.RequestId == _gridRequestId || _retimes.ContainsKey(error.RequestId.Value):
                if (error.Code != ErrorCode.Cancelled)
                {
                    _error = error.Message;
                    SetStatus(EngineState.Error, "Engine: " + error.Message);
                }
                break;
        }
        return Done();
    }

    private void SendInstanceStateIfChanged()
    {
        PromptSlots prompts = _host.Prompts;
        int promptVersion = prompts.ChangeCount;
        PluginParameters live = _host.Parameters;
        // Alpha in hundredths: the page shows where the DAW is without a message per automation step.
        var summary = (live.PromptSlotA, live.PromptSlotB, MathF.Round(live.Alpha, 2), live.Bars, Math.Round(_host.Bpm, 3), Name);
        if (promptVersion == _sentPromptVersion && summary == _sentSummary)
            return;
        _sentPromptVersion = promptVersion;
        _sentSummary = summary;
        _send.Add(new InstanceState
        {
            InstanceId = _options.InstanceId,
            Label = summary.Name,
            PromptSlots = prompts.ToArray(),
            SlotA = summary.PromptSlotA,
            SlotB = summary.PromptSlotB,
            Alpha = summary.Item3,
            Bars = summary.Bars,
            Bpm = double.IsFinite(summary.Item5) ? summary.Item5 : 0,
        });
    }

    /// <summary>A finished capture becomes the seed audio; a clear request forgets it (each change is a new version, so a new grid).</summary>
    private void TakeSeedAudioChanges()
    {
        if (_host.TryTakeCapture(out CapturedAudio? captured))
        {
            _seedAudio = captured;
            _seedAudioVersion++;
        }
        if (_clearSeed.TryTake(out _) && _seedAudio is not null)
        {
            _seedAudio = null;
            _seedAudioVersion++;
        }
    }

    /// <summary>An offline render with nothing stored to wait for plays silence until loops come: say so, here and in the engine's log.</summary>
    private void NoticeOffline()
    {
        if (!_host.IsOffline)
        {
            _offlineNoticeSent = false; // back in real time: the next bounce is told again
            return;
        }
        bool gaveUp = _host.Offline.GaveUp;
        if (_offlineNoticeSent || !(gaveUp || (_assembler.Stored is null && _restorePending is null && !_host.Offline.IsExpected)))
            return;
        _offlineNoticeSent = true;
        string text = gaveUp
            ? $"Offline bounce: the project's stored loops did not arrive within {_host.Offline.Limit.TotalSeconds:0} s; the bounce went on without them."
            : "Offline bounce: the project carries no stored loops (render once in real time and save), so the bounce is silent until the engine delivers.";
        _error = text;
        SetStatus(EngineState.Error, text);
        _send.Add(ErrorMessage.Create(ErrorCode.Unknown, text));
    }

    private RenderSettings Desired(double bpm, int rate)
    {
        PluginParameters p = _host.Parameters;
        PromptSlots prompts = _host.Prompts;
        int slotA = p.PromptSlotA, slotB = p.PromptSlotB, seed = p.Seed;
        long seedA = seed, seedB = seed + 1L;
        long? evolveSegment = null;
        if (p.Evolve)
        {
            evolveSegment = EvolveSchedule.SegmentForLoop(_host.LoopIndex);
            var segment = EvolveSchedule.Segment(evolveSegment.Value, slotA, slotB, seed);
            (slotA, seedA, slotB, seedB) = (segment.StartSlot, segment.StartSeed, segment.EndSlot, segment.EndSeed);
        }
        return new RenderSettings(
            prompts[slotA], seedA, prompts[slotB], seedB, p.Denoising, p.Guidance, p.Bars, p.BeatsPerBar,
            _seedAudio is null ? SeedPatternNames.For(p.SeedPattern) : null, _seedAudioVersion, p.RegenerateCount,
            // With retime, tempo is not part of what a grid is: it is stretched, not re-diffused.
            _canRetime ? 0 : bpm, _canRetime ? 0 : rate, evolveSegment);
    }

    private void CancelOutstanding()
    {
        if (_requested is not null)
            _send.Add(new Cancel { RequestId = _gridRequestId });
        foreach (long retime in _retimes.Keys)
            _send.Add(new Cancel { RequestId = retime });
        _retimes.Clear();
        if (_restoring)
        {
            // A restore given up for a new grid: nothing stored is on its way any more.
            _restoring = false;
            _host.Offline.Release();
        }
    }

    private void RequestGrid(RenderSettings wanted)
    {
        CancelOutstanding();

        PluginParameters p = _host.Parameters;
        int n = _options.GridPointCount;
        _requested = wanted;
        _gridRequestId = _nextRequestId++;
        _assembler.StartRendered(n, wanted);
        _gridSettings = wanted;
        var request = new RenderRequest
        {
            RequestId = _gridRequestId,
            PromptA = new PromptSpec { Text = wanted.TextA, Seed = wanted.SeedA, Denoising = wanted.Denoising, Guidance = wanted.Guidance },
            PromptB = new PromptSpec { Text = wanted.TextB, Seed = wanted.SeedB, Denoising = wanted.Denoising, Guidance = wanted.Guidance },
            AlphaGrid = Enumerable.Range(0, n).Select(i => i / (float)(n - 1)).ToArray(),
            CurrentAlpha = p.Evolve ? EvolveSchedule.AlphaForLoop(_host.LoopIndex) : p.Alpha,
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
        _send.Add(request);
        ReportProgress();
    }

    /// <summary>Sends a stored grid's images to the engine; <paramref name="settings"/> is what the grid answers from now on.</summary>
    private void SendRestore(StoredGrid stored, RenderSettings settings)
    {
        // A restore that replaces one still on its way: an offline render waits on for the new one.
        bool awaited = _host.Offline.IsExpected;
        CancelOutstanding();
        if (awaited)
            _host.Offline.Expect();
        StoredGridSettings s = stored.Settings;
        _requested = settings;
        _candidate = settings;
        _gridSettings = settings;
        _gridScheduler = s.Scheduler;
        _gridRequestId = _nextRequestId++;
        _restoring = true;
        _assembler.StartRestored(stored, settings);
        _send.Add(new RenderFromImages
        {
            RequestId = _gridRequestId,
            Images = stored.Points.Select(p => new StoredImage { Alpha = p.Alpha, Png = p.Png }).ToArray(),
            Bpm = _target.Bpm,
            Bars = s.Bars,
            BeatsPerBar = s.BeatsPerBar,
            SampleRate = _target.Rate,
            Channels = _options.Channels,
        });
        SetStatus(EngineState.Rendering, $"{RestoringText} 1/{stored.PointCount}", 0, stored.PointCount);
    }

    private void SendRetime(int index)
    {
        long id = _nextRequestId++;
        _retimes[id] = index;
        _send.Add(new Retime
        {
            RequestId = id,
            GenerationKey = _assembler.GenerationKey(index)!,
            Bpm = _target.Bpm,
            SampleRate = _target.Rate,
        });
    }

    private void AcceptLoop(LoopReady ready)
    {
        int index;
        bool ofRequest = ready.RequestId == _gridRequestId;
        if (ofRequest && _assembler.Grid is not null)
            index = _assembler.IndexOf(ready.Alpha);
        else if (_retimes.Remove(ready.RequestId, out int retimed) && _assembler.Grid is not null)
            index = retimed;
        else
            return; // an answer to something since replaced

        AlphaGrid? grid = _assembler.Accept(ready, index, ofRequest, out string? problem);
        if (grid is null)
        {
            SetStatus(EngineState.Error, problem!);
            return;
        }
        _play = grid;
        if (ofRequest && _assembler.IsComplete)
            GridComplete();

        if (_canRetime && (ready.Bpm != _target.Bpm || ready.SampleRate != _target.Rate) && _target.Bpm > 0)
            SendRetime(index);
        ReportProgress();
    }

    /// <summary>Every point of the grid is here: a rendered grid becomes the one a saved project keeps, and a restore is over.</summary>
    private void GridComplete()
    {
        // A restored grid stays exactly as the project stored it (its settings name the model that made it, not this engine).
        if (!_restoring && _gridSettings is { } settings)
            _assembler.Store(ToStored(settings));
        if (_restoring)
        {
            _restoring = false;
            _host.Offline.Release();
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
            s.SeedPattern ?? SeedPatternNames.For(_host.Parameters.SeedPattern), _seedAudioVersion,
            _host.Parameters.RegenerateCount, 0, 0, s.EvolveSegment);

    private void ReportProgress()
    {
        if (_assembler.Grid is not { } grid)
            return;
        int present = Math.Min(_assembler.Arrived, grid.PointCount);
        if (present < grid.PointCount)
            SetStatus(EngineState.Rendering, $"{(_restoring ? RestoringText : "Rendering")} {present + 1}/{grid.PointCount}", present, grid.PointCount);
        else
            SetStatus(EngineState.Connected, "Connected — all loops ready", present, grid.PointCount);
    }

    private void SetStatus(EngineState state, string text, int rendered = 0, int total = 0) =>
        _status = new EngineStatus(state, text, rendered, total);

    /// <summary>Hands out what this step decided and starts the next one empty.</summary>
    private ClientStep Done()
    {
        var step = new ClientStep(_send.Count == 0 ? [] : _send.ToArray(), _status, _error, _play);
        _send.Clear();
        _status = null;
        _error = null;
        _play = null;
        return step;
    }
}
