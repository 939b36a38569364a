using RiffusionVst.Engine.Service;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>A real engine server in this process on a pipe name no other test uses, with its own temporary folders.</summary>
internal sealed class TestEngine : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>The real loop renderer, with a cheap phase reconstruction so tests stay fast.</summary>
    public static readonly ILoopAudioRenderer FastRenderer = new PooledLoopRenderer(new PhaseReconstructionOptions { Iterations = 0, Threads = 1 });

    private TestEngine(EngineServer server, string root)
    {
        Server = server;
        Root = root;
    }

    public EngineServer Server { get; }

    public string Root { get; }

    public string ClipsFolder => Path.Combine(Root, "clips");

    public string CacheFolder => Path.Combine(Root, "cache");

    public ServiceCounters Counters => Server.Counters;

    public static string UniquePipe() => "rvt-svc-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<TestEngine> StartAsync(
        IImageGenerator? generator = null,
        ILoopAudioRenderer? renderer = null,
        Func<EngineServerOptions, EngineServerOptions>? configure = null,
        string? root = null)
    {
        root ??= Path.Combine(Path.GetTempPath(), "rvt-service-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var options = new EngineServerOptions
        {
            PipeName = UniquePipe(),
            ClipsFolder = Path.Combine(root, "clips"),
            CacheFolder = Path.Combine(root, "cache"),
            Listener = new PipeListenerOptions { ProbeBeforeListening = false },
            HandshakeTimeout = TimeSpan.FromSeconds(5),
        };
        options = configure?.Invoke(options) ?? options;
        var server = await EngineServer.StartAsync(options, generator ?? new SeedPatternImageGenerator(), renderer ?? FastRenderer);
        return new TestEngine(server, root);
    }

    public async Task<TestClient> ConnectAsync(Hello? hello = null)
    {
        var connection = await PipeConnection.ConnectAsync(Server.PipeName, Patience);
        var welcome = await Handshake.IntroduceAsync(connection, hello ?? new Hello { ClientName = "test" }, Patience);
        return new TestClient(connection, welcome);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A small valid request: one bar of 4/4 at 240 BPM (one second), mono, 22.05 kHz, one alpha.</summary>
    public static RenderRequest Request(long id, string prompt = "lofi piano", float alpha = 0, string pattern = "boom-bap") => new()
    {
        RequestId = id,
        PromptA = new PromptSpec { Text = prompt, Seed = 1 },
        PromptB = new PromptSpec { Text = prompt + " with strings", Seed = 2 },
        Alpha = alpha,
        Steps = 4,
        SeedPattern = pattern,
        Bpm = 240,
        Bars = 1,
        BeatsPerBar = 4,
        SampleRate = 22_050,
        Channels = 1,
    };

    /// <summary>The same request for a grid of alphas.</summary>
    public static RenderRequest GridRequest(long id, float[] grid, float current, string prompt = "lofi piano")
    {
        var request = Request(id, prompt);
        request.Alpha = null;
        request.AlphaGrid = grid;
        request.CurrentAlpha = current;
        return request;
    }
}
