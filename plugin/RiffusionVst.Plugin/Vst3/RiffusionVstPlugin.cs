using AudioPlugSharp;
using RiffusionVst.Plugin.Core;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Plugin.Core.Transport;
using RiffusionVst.Plugin.Editor;
using RiffusionVst.Plugin.Engine;
using RiffusionVst.Plugin.Processing;

namespace RiffusionVst.Plugin.Vst3;

/// <summary>
/// The VST3 plugin as AudioPlugSharp loads it: a thin adapter that hands every host call to the
/// host-agnostic core (<see cref="PluginProcessor"/>, <see cref="PluginParameters"/>,
/// <see cref="PluginStateSerializer"/>, <see cref="EngineClient"/>). Stereo in, stereo out; every
/// core parameter is one host parameter, in <see cref="ParameterId"/> order. <see cref="Process"/>
/// allocates nothing, takes no lock and does no I/O.
/// </summary>
public sealed class RiffusionVstPlugin : AudioPluginBase
{
    /// <summary>The 64-bit id AudioPlugSharp turns into the VST3 class ids; never change it, or hosts lose saved projects.</summary>
    public const ulong Vst3PluginId = 0x10EE3CB1883C929D;

    private readonly PluginParameters _parameters = new();
    private readonly PromptSlots _prompts = new();
    private readonly PluginProcessor _processor;
    private readonly ParameterChangeQueue _changes = new();
    private readonly HostParameter[] _hostParameters = new HostParameter[ParameterCatalog.Count];
    private readonly EngineConnection _engine;
    private FloatAudioIOPort? _input;
    private FloatAudioIOPort? _output;
    private Guid _instanceId = Guid.NewGuid();
    private string _name = "";
    private PageEditor? _editor;
    private bool _initialized;
    private StoredGrid? _restoredGrid;
    private EngineClient? _lastClient;

    /// <summary>The constructor AudioPlugSharp's loader calls: the engine client starts <c>riffusion-engine</c> when none answers.</summary>
    public RiffusionVstPlugin()
        : this(null, EngineConnection.DefaultStopGrace)
    {
    }

    /// <summary>Builds engine clients with <paramref name="createClient"/> (null: the real one; a factory returning null: no engine).</summary>
    internal RiffusionVstPlugin(Func<Guid, EngineClient?>? createClient, TimeSpan engineStopGrace)
    {
        Company = PluginInfo.Vendor;
        Website = "https://github.com/riffusion/riffusion";
        Contact = "";
        PluginName = PluginInfo.Name;
        // Hosts list it with effects (it mixes with its input) and with generators (it makes the music).
        PluginCategory = "Fx|Generator";
        PluginVersion = typeof(RiffusionVstPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
        PluginID = Vst3PluginId;
        // The core works in 32-bit float; FloatAudioIOPort converts for hosts that run in 64-bit.
        SampleFormatsSupported = EAudioBitsPerSample.Bits32 | EAudioBitsPerSample.Bits64;
        // The editor is the engine's control page at this instance (WebView2 on Windows, else a button for the browser).
        HasUserInterface = OperatingSystem.IsWindows();
        EditorWidth = 1100;
        EditorHeight = 720;

        _processor = new PluginProcessor(_parameters);
        Func<Guid, EngineClient?> create = createClient ?? CreateEngineClient;
        _engine = new EngineConnection(id => WithGrid(create(id)), engineStopGrace, Logger.Log);
    }

    /// <summary>The host-agnostic processor this adapter drives.</summary>
    public PluginProcessor Core => _processor;

    /// <summary>The project's eight prompt texts (saved with the project).</summary>
    public PromptSlots Prompts => _prompts;

    /// <summary>Identity of this instance, restored from the project; the engine and CLI know the instance by it.</summary>
    public Guid InstanceId => _instanceId;

    /// <summary>The running engine client, or null while the plugin is inactive.</summary>
    public EngineClient? Engine => _engine.Client;

    /// <summary>Creates the stereo ports and registers every core parameter, in <see cref="ParameterId"/> order.</summary>
    public override void Initialize()
    {
        base.Initialize();
        if (_initialized)
            return;
        _initialized = true;

        InputPorts = [_input = new FloatAudioIOPort("Input", EAudioChannelConfiguration.Stereo)];
        OutputPorts = [_output = new FloatAudioIOPort("Output", EAudioChannelConfiguration.Stereo)];

        foreach (ParameterDescriptor descriptor in ParameterCatalog.All)
        {
            var parameter = new HostParameter(descriptor);
            AddParameter(parameter);
            // The host's parameter id is AudioPlugSharp's index; it must equal the core's id forever.
            if (parameter.ParameterIndex != (int)descriptor.Id)
                throw new InvalidOperationException($"Parameter '{descriptor.Key}' got host index {parameter.ParameterIndex}, expected {(int)descriptor.Id}.");
            _hostParameters[(int)descriptor.Id] = parameter;
        }
        Logger.Log($"{PluginInfo.Name}: {ParameterCatalog.Count} parameters registered.");
    }

    /// <summary>Prepares the core for the host's sample rate and largest block (called while inactive).</summary>
    public override void InitializeProcessing()
    {
        base.InitializeProcessing();
        double sampleRate = Host.SampleRate;
        int maxBlock = (int)Math.Clamp(Host.MaxAudioBufferSize, 1u, (uint)int.MaxValue);
        try
        {
            _processor.Prepare(sampleRate, maxBlock);
            Logger.Log($"{PluginInfo.Name}: prepared for {sampleRate} Hz, blocks up to {maxBlock} samples.");
        }
        catch (ArgumentOutOfRangeException e)
        {
            // Unprepared, the core passes the input through; a throw here would reach the host.
            Logger.Log($"{PluginInfo.Name}: the host's processing setup was refused ({e.Message}); passing audio through.");
        }
    }

    /// <summary>The host activated the plugin: connect to the engine (or keep the connection of a quick reactivation).</summary>
    public override void Start()
    {
        base.Start();
        try
        {
            _engine.Start(_instanceId);
        }
        catch (Exception e)
        {
            // setActive does not catch managed exceptions: one escaping here would take the host down.
            Logger.Log($"{PluginInfo.Name}: could not start the engine client: {e}");
        }
    }

    /// <summary>The host deactivated the plugin: the engine connection closes unless it is reactivated soon.</summary>
    public override void Stop()
    {
        base.Stop();
        _name = CurrentName;
        _engine.Stop();
    }

    /// <summary>Queues a host automation point at its sample offset; the core applies it there. Audio thread; allocation-free.</summary>
    public override void HandleParameterChange(AudioPluginParameter parameter, double newNormalizedValue, int sampleOffset)
    {
        base.HandleParameterChange(parameter, newNormalizedValue, sampleOffset);
        if (parameter is HostParameter hostParameter)
            _changes.Add(sampleOffset, hostParameter.Id, (float)newNormalizedValue);
    }

    /// <summary>
    /// One block: collects the block's automation, reads the transport and runs the core over the
    /// stereo buffers. Allocates nothing, takes no lock, does no I/O.
    /// </summary>
    public override void Process()
    {
        _changes.Clear();
        IAudioHost host = Host;
        // AudioPlugSharp delivers parameter points only when asked; they land in _changes with their offsets.
        // (Its VST3 bridge walks all parameter queues with one shared start index, so with several
        // parameters automated after sample 0 in one block some points never arrive: an upstream bug.)
        host.ProcessAllEvents();
        ReadOnlySpan<ParameterChange> changes = _changes.Seal();

        FloatAudioIOPort? output = _output;
        if (output is null || output.GetAudioBufferPtrs() == IntPtr.Zero)
        {
            foreach (ParameterChange change in changes)
                _parameters.SetNormalized(change.Id, change.NormalizedValue);
            return;
        }
        Span<float> outLeft = output.GetAudioBuffer(0);
        Span<float> outRight = output.GetAudioBuffer(1);

        ReadOnlySpan<float> inLeft = default;
        ReadOnlySpan<float> inRight = default;
        FloatAudioIOPort? input = _input;
        if (input is not null && input.GetAudioBufferPtrs() != IntPtr.Zero)
        {
            inLeft = input.GetAudioBuffer(0);
            inRight = input.GetAudioBuffer(1);
        }

        // AudioPlugSharp does not pass on VST3's ProcessSetup.processMode (kOffline), so offline bounces look like
        // real time here: IsOffline stays false and a bounce does not wait for a restored project's loops.
        var transport = new TransportInfo(host.BPM, host.IsPlaying, host.CurrentProjectSample);
        _processor.Process(inLeft, inRight, outLeft, outRight, in transport, changes);
    }

    /// <summary>Saves every parameter, the prompt texts, the instance id and the grid in use (its images) as the core's versioned JSON.</summary>
    public override byte[]? SaveState()
    {
        try
        {
            StoredGrid? grid = (_engine.Client ?? _lastClient)?.StoredGrid ?? _restoredGrid;
            var state = PluginState.Capture(_parameters, _prompts, _instanceId, grid);
            state.Name = CurrentName;
            return PluginStateSerializer.Save(state);
        }
        catch (Exception e)
        {
            // getState does not catch managed exceptions; saving nothing is better than a crashed host.
            Logger.Log($"{PluginInfo.Name}: could not save the plugin state: {e}");
            return null;
        }
    }

    /// <summary>Restores saved state; corrupt or foreign data gives defaults and a line in AudioPlugSharp's log, never an exception.</summary>
    public override void RestoreState(byte[]? stateData)
    {
        if (stateData is null)
        {
            Logger.Log($"{PluginInfo.Name}: the host restored no state; keeping the current settings.");
            return;
        }
        StateLoadResult result;
        try
        {
            result = PluginStateSerializer.Load(stateData);
        }
        catch (Exception e)
        {
            // The serializer turns bad data into defaults itself; this guards the host (setState does not catch).
            result = new StateLoadResult(new PluginState(), $"Could not read the saved plugin state ({e.Message}); all settings are at their defaults.");
        }
        if (result.Warning is not null)
            Logger.Log($"{PluginInfo.Name}: {result.Warning}");

        result.State.ApplyTo(_parameters, _prompts);
        SyncHostParameters();
        _name = result.State.Name;
        if (_engine.Client is { } client)
            client.Name = _name;

        // The project's loops come back from their images, with no diffusion, through the running client or the next one.
        if (result.State.Grid is { } grid)
        {
            _restoredGrid = grid;
            _lastClient = null;
            _engine.Client?.Restore(grid);
        }

        Guid restoredId = result.State.InstanceId;
        if (restoredId != Guid.Empty && restoredId != _instanceId)
        {
            _instanceId = restoredId;
            _engine.ChangeInstance(restoredId);
        }
    }

    // After a restore the host reads the controller's values back; set them without
    // reporting edits, which hosts would record as automation or undo steps.
    private void SyncHostParameters()
    {
        foreach (HostParameter? parameter in _hostParameters)
        {
            if (parameter is null)
                continue;
            parameter.NormalizedEditValue = _parameters.GetNormalized(parameter.Id);
            parameter.ProcessValue = _parameters.Get(parameter.Id);
        }
    }

    /// <summary>A new client plays on the grid the previous one had (or the project's), so a lasting stop loses no loops.</summary>
    private EngineClient? WithGrid(EngineClient? client)
    {
        if (client is null)
            return null;
        if ((_lastClient?.StoredGrid ?? _restoredGrid) is { } grid)
            client.Restore(grid);
        _lastClient = client;
        return client;
    }

    /// <summary>Shows the control page in the host's editor window (Windows only; elsewhere the plugin has no editor).</summary>
    public override void ShowEditor(IntPtr parentWindow)
    {
        if (!OperatingSystem.IsWindows())
            return;
        try
        {
            _editor?.Dispose();
            _editor = PageEditor.Show(parentWindow, () => _engine.Client?.PageUrl, Logger.Log);
        }
        catch (Exception e)
        {
            // The host's UI thread does not catch managed exceptions.
            Logger.Log($"{PluginInfo.Name}: could not show the editor: {e}");
        }
    }

    /// <summary>Follows the host's editor frame.</summary>
    public override void ResizeEditor(uint newWidth, uint newHeight)
    {
        base.ResizeEditor(newWidth, newHeight);
        if (OperatingSystem.IsWindows())
            _editor?.Resize((int)newWidth, (int)newHeight);
    }

    /// <summary>Closes the page (the engine keeps serving it for the browser).</summary>
    public override void HideEditor()
    {
        if (!OperatingSystem.IsWindows())
            return;
        _editor?.Dispose();
        _editor = null;
    }

    // The control page may rename the instance through the engine; the client holds the newest name while it runs.
    private string CurrentName => _engine.Client?.Name ?? _name;

    private EngineClient CreateEngineClient(Guid instanceId)
    {
        var options = new EngineClientOptions
        {
            InstanceId = instanceId,
            Label = _name.Length > 0 ? _name : PluginInfo.Name + " " + instanceId.ToString("N")[..8],
        };
        return new EngineClient(_processor, _prompts, options, new ProcessEngineLauncher(EngineLocation.Resolve(Environment.GetEnvironmentVariable)));
    }
}
