using RiffusionVst.Plugin.Acceptance.Tests.Engine;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.State;

namespace RiffusionVst.Plugin.Acceptance.Tests.Hosting;

/// <summary>
/// One plugin instance as the VST3 adapter builds it (parameters, prompt slots, processor, engine client), with the
/// client's times shortened and a two-point alpha grid at two diffusion steps so a scenario runs in seconds.
/// </summary>
internal sealed class PluginInstance : IAsyncDisposable
{
    /// <summary>The host's sample rate in every scenario.</summary>
    public const double SampleRate = 48_000;

    /// <summary>Largest block the host sends.</summary>
    public const int MaxBlock = 1024;

    /// <summary>Creates an instance connected (by its client) to <paramref name="engine"/>'s pipe; call <see cref="Start"/>.</summary>
    /// <param name="engine">The engine process, which is also the client's launcher (the plugin starts it when none answers).</param>
    /// <param name="state">Saved state to restore before anything runs, as a host does when it opens a project.</param>
    public PluginInstance(EngineProcess engine, PluginState? state = null)
        : this(engine.PipeName, engine, state)
    {
    }

    /// <summary>Creates an instance whose client connects to <paramref name="pipeName"/> and starts engines with <paramref name="launcher"/>.</summary>
    public PluginInstance(string pipeName, IEngineLauncher launcher, PluginState? state = null)
    {
        Parameters = new PluginParameters();
        Prompts = new PromptSlots();
        state?.ApplyTo(Parameters, Prompts);
        InstanceId = state?.InstanceId ?? Guid.NewGuid();
        Processor = new PluginProcessor(Parameters);
        Processor.Prepare(SampleRate, MaxBlock);
        Client = new EngineClient(Processor, Prompts, new EngineClientOptions
        {
            PipeName = pipeName,
            InstanceId = InstanceId,
            Label = "acceptance",
            StartEngine = true,
            // A first attempt waits this long for a pipe before the launcher starts the engine.
            ConnectTimeout = TimeSpan.FromMilliseconds(250),
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            InitialRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            PollInterval = TimeSpan.FromMilliseconds(5),
            SettleTime = TimeSpan.FromMilliseconds(50),
            GridPointCount = 2,
            Steps = 2,
            Channels = 2,
        }, launcher);
    }

    /// <summary>The instance's identity (kept by saved state).</summary>
    public Guid InstanceId { get; }

    /// <summary>Live parameter values.</summary>
    public PluginParameters Parameters { get; }

    /// <summary>The eight prompt texts.</summary>
    public PromptSlots Prompts { get; }

    /// <summary>The real-time processor the host calls.</summary>
    public PluginProcessor Processor { get; }

    /// <summary>The link to the engine.</summary>
    public EngineClient Client { get; }

    /// <summary>Starts the engine client (which starts the engine through its launcher when none answers).</summary>
    public void Start() => Client.Start();

    /// <summary>What the host saves with the project.</summary>
    public byte[] SaveState() => PluginStateSerializer.Save(PluginState.Capture(Parameters, Prompts, InstanceId));

    private int _disposed;

    /// <summary>Stops the client once; the processor needs no teardown.</summary>
    /// <remarks>Guarded here because EngineClient.DisposeAsync throws when called a second time.</remarks>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? Client.DisposeAsync() : ValueTask.CompletedTask;
}
