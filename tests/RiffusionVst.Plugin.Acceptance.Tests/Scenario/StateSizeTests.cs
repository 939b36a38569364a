using RiffusionVst.Plugin.Acceptance.Tests.Engine;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Plugin.Core.Transport;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>The largest grid a project keeps, 8 bars at 9 alpha points, stays a few MB of state.</summary>
/// <remarks>
/// Measured on spectrograms of real sound (the engine's seed patterns, under <c>--no-diffusion</c>), which compress as
/// the real model's images do (156–208 KB for 8 bars): the tiny model's random weights paint pixel noise that no PNG
/// compresses (about 2.4 MB an 8-bar image), so its images would measure the tiny model, not a project.
/// </remarks>
public sealed class StateSizeTests(ITestOutputHelper output)
{
    /// <summary>The bound the README promises: state of an 8-bar, 9-point grid under 4 MiB.</summary>
    private const int MaxStateBytes = 4 << 20;

    [Fact]
    public async Task The_state_of_an_8_bar_9_point_grid_is_under_4_MiB_and_loads_back_whole()
    {
        using var engine = new EngineProcess("--no-diffusion");
        var parameters = new PluginParameters();
        parameters.Set(ParameterId.Bars, 8);
        var prompts = new PromptSlots();
        var processor = new PluginProcessor(parameters);
        processor.Prepare(48_000, 512);
        await using var client = new EngineClient(processor, prompts, new EngineClientOptions
        {
            PipeName = engine.PipeName,
            ConnectTimeout = TimeSpan.FromMilliseconds(250),
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            InitialRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            PollInterval = TimeSpan.FromMilliseconds(5),
            SettleTime = TimeSpan.FromMilliseconds(50),
            GridPointCount = 9,
            Steps = 2,
        }, engine);
        client.Start();

        // The host plays (so the client knows the tempo) until all nine 8-bar loops are in.
        var left = new float[512];
        var right = new float[512];
        DateTime limit = DateTime.UtcNow.AddSeconds(300);
        for (long position = 0; client.StoredGrid is null; position += 512)
        {
            Assert.True(DateTime.UtcNow < limit, $"Gave up waiting 300 s for a 9-point grid. Client: {client.Status}. Engine log:{Environment.NewLine}{engine.LogText}");
            processor.Process([], [], left, right, new TransportInfo(120, true, position), []);
            await Task.Delay(1);
        }

        StoredGrid grid = client.StoredGrid;
        byte[] state = PluginStateSerializer.Save(PluginState.Capture(parameters, prompts, grid: grid));
        output.WriteLine($"8 bars × 9 points: images {grid.ImageBytes} bytes ({grid.ImageBytes / 9} a point), state {state.Length} bytes");
        Assert.Equal(9, grid.PointCount);
        Assert.Equal(8, grid.Settings.Bars);
        Assert.InRange(state.Length, 1, MaxStateBytes);
        StateLoadResult loaded = PluginStateSerializer.Load(state);
        Assert.Null(loaded.Warning);
        Assert.Equal(grid.Points.Select(p => p.Png), loaded.State.Grid!.Points.Select(p => p.Png));
    }
}
