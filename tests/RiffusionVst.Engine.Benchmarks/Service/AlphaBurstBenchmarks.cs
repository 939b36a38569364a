using BenchmarkDotNet.Attributes;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Service;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Benchmarks.Service;

/// <summary>
/// A client moves alpha 100 times in one second (a render every 10 ms), then waits for the loops of its last request.
/// Reports, per invocation, the generator runs, the runs nobody used (finished with no request left) and the runs a
/// newer render stopped at their next step;
/// the target is at most one unused run. <c>OnGrid</c> is how the plugin asks (one alpha grid, the current alpha moving);
/// without it each render asks for one new alpha. The generator is either instant (no diffusion) or the real
/// pipeline on the tiny model (about half a second a job here).
/// </summary>
public class AlphaBurstBenchmarks
{
    private static readonly float[] Grid = [0f, 0.25f, 0.5f, 0.75f, 1f];
    private EngineServer _server = null!;
    private PipeConnection _client = null!;
    private long _requestId;
    private long _runsBefore;
    private long _unusedBefore;
    private long _cancelledBefore;
    private string? _modelFolder;

    /// <summary>True: every render names the same grid with a new current alpha; false: one new alpha per render.</summary>
    [Params(true, false)]
    public bool OnGrid { get; set; }

    /// <summary>False: the no-diffusion generator (instant); true: the real pipeline on the tiny generated model (50 steps).</summary>
    [Params(false, true)]
    public bool TinyModel { get; set; }

    [GlobalSetup]
    public async Task SetUp()
    {
        var options = new EngineServerOptions
        {
            PipeName = "rvt-bench-" + Guid.NewGuid().ToString("N")[..12],
            ClipsFolder = null,
            CacheFolder = null,
            Listener = new PipeListenerOptions { ProbeBeforeListening = false },
        };
        var renderer = new PooledLoopRenderer(new PhaseReconstructionOptions { Iterations = 0 });
        IImageGenerator generator = new SeedPatternImageGenerator();
        if (TinyModel)
        {
            _modelFolder = Path.Combine(Path.GetTempPath(), "rvt-bench-tiny-" + Guid.NewGuid().ToString("N"));
            TinyModelGenerator.Write(_modelFolder);
            generator = new PipelineImageGenerator(ModelFolder.Open(_modelFolder), "tiny");
        }

        _server = await EngineServer.StartAsync(options, generator, renderer);
        _client = await PipeConnection.ConnectAsync(_server.PipeName, TimeSpan.FromSeconds(10));
        await Handshake.IntroduceAsync(_client, new Hello { ClientName = "bench" }, TimeSpan.FromSeconds(10));
    }

    [GlobalCleanup]
    public async Task TearDown()
    {
        Console.WriteLine($"// alpha burst (grid: {OnGrid}, tiny model: {TinyModel}): {_server.Counters}");
        await _client.DisposeAsync();
        await _server.StopAsync();
        if (_modelFolder is not null)
            Directory.Delete(_modelFolder, recursive: true);
    }

    [IterationSetup]
    public void Mark()
    {
        _runsBefore = _server.Counters.DiffusionRuns;
        _unusedBefore = _server.Counters.UnusedRuns;
        _cancelledBefore = _server.Counters.CancelledRuns;
    }

    [IterationCleanup]
    public void Report() =>
        Console.WriteLine($"// burst: {_server.Counters.DiffusionRuns - _runsBefore} generator runs, {_server.Counters.UnusedRuns - _unusedBefore} unused, " +
                          $"{_server.Counters.CancelledRuns - _cancelledBefore} stopped early");

    /// <summary>100 renders 10 ms apart, then every loop of the last one.</summary>
    [Benchmark]
    public async Task<int> HundredAlphaMovesInOneSecond()
    {
        // A new seed each burst, so nothing comes from the cache of an earlier burst.
        long burst = Interlocked.Increment(ref _requestId) * 1000;
        var start = DateTime.UtcNow;
        long last = 0;
        for (int i = 1; i <= 100; i++)
        {
            last = burst + i;
            await _client.SendAsync(Request(last, burst, i / 100f));
            var due = start.AddMilliseconds(10 * i);
            if (due > DateTime.UtcNow)
                await Task.Delay(due - DateTime.UtcNow);
        }

        int expected = OnGrid ? Grid.Length : 1;
        int received = 0;
        while (received < expected)
        {
            if (await _client.Incoming.ReadAsync() is LoopReady ready && ready.RequestId == last)
                received++;
        }

        return received;
    }

    private RenderRequest Request(long id, long seed, float alpha) => new()
    {
        RequestId = id,
        PromptA = new PromptSpec { Text = "burst", Seed = seed },
        PromptB = new PromptSpec { Text = "burst end", Seed = seed + 1 },
        Alpha = OnGrid ? null : alpha,
        AlphaGrid = OnGrid ? Grid : null,
        CurrentAlpha = OnGrid ? alpha : 0,
        SeedPattern = "boom-bap",
        Bpm = 240,
        Bars = 1,
        SampleRate = 22_050,
        Channels = 1,
    };
}
