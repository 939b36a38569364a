using RiffusionVst.Plugin.Acceptance.Tests.Engine;
using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Playback;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>
/// The common start of every scenario: 48 kHz, 2 bars of 4/4, the four-on-the-floor seed pattern (the defaults),
/// a song playing from bar 1 through a plugin instance whose client starts the real engine on a pipe of its own.
/// Disposing stops the client and kills every engine process the stage started.
/// </summary>
internal sealed class Stage : IAsyncDisposable
{
    /// <summary>Samples in a loop of 2 bars of 4/4 at 120 BPM and 48 kHz: 8 beats · 0.5 s · 48 000.</summary>
    public const long Loop120 = 192_000;

    /// <summary>Samples in a bar at 120 BPM: 4 beats · 0.5 s · 48 000.</summary>
    public const long Bar120 = 96_000;

    /// <summary>Samples in a loop of 2 bars of 4/4 at 90 BPM: 8 beats · (2/3) s · 48 000.</summary>
    public const long Loop90 = 256_000;

    /// <summary>Samples in a bar at 90 BPM.</summary>
    public const long Bar90 = 128_000;

    /// <summary>The player's crossfade: 10 ms at 48 kHz.</summary>
    public const int Crossfade = 480;

    private readonly ITestOutputHelper _output;
    private readonly DateTime _started = DateTime.UtcNow;

    private Stage(EngineProcess engine, PluginInstance plugin, Song song, ITestOutputHelper output)
    {
        _output = output;
        Engine = engine;
        Plugin = plugin;
        Song = song;
    }

    /// <summary>The engine process (and the plugin's launcher).</summary>
    public EngineProcess Engine { get; }

    /// <summary>The plugin instance under test.</summary>
    public PluginInstance Plugin { get; }

    /// <summary>The DAW playing it.</summary>
    public Song Song { get; }

    /// <summary>The player of the instance.</summary>
    public LoopPlayer Player => Plugin.Processor.Player;

    /// <summary>Builds the stage; <paramref name="configure"/> sets parameters before the client starts; the engine log goes to <paramref name="output"/> at the end.</summary>
    public static Stage Start(ITestOutputHelper output, Action<PluginInstance>? configure = null, double bpm = 120)
    {
        var engine = new EngineProcess();
        var plugin = new PluginInstance(engine);
        configure?.Invoke(plugin);
        var song = new Song(plugin, bpm, () => engine.LogText);
        plugin.Start();
        return new Stage(engine, plugin, song, output);
    }

    /// <summary>Plays until every point of the alpha grid has a loop and the player plays that grid (no swap waiting).</summary>
    public Task UntilWholeGridPlaysAsync(double limitSeconds = 60) =>
        Song.PlayUntilAsync(() => WholeGridPlays(Player), "every loop of the alpha grid delivered and playing", limitSeconds);

    /// <summary>Whether the player plays a complete grid with nothing pending.</summary>
    public static bool WholeGridPlays(LoopPlayer player) =>
        player.Playing is { } grid && grid.PresentCount == grid.PointCount && ReferenceEquals(player.Pending, grid);

    /// <summary>
    /// Asserts that the output from project sample <paramref name="from"/> to <paramref name="to"/> is what
    /// <paramref name="expected"/> says (left, right) within <paramref name="tolerance"/>, naming the first sample that is not.
    /// </summary>
    public static void AssertOutput(Song song, long from, long to, Func<long, (float Left, float Right)> expected, float tolerance, string what)
    {
        Assert.True(from >= song.Origin && to <= song.Position && from < to, $"{what}: nothing recorded in [{from}, {to}) (recorded [{song.Origin}, {song.Position})).");
        ReadOnlySpan<float> left = song.Left, right = song.Right;
        for (long p = from; p < to; p++)
        {
            (float l, float r) = expected(p);
            int i = (int)(p - song.Origin);
            if (!(Math.Abs(left[i] - l) <= tolerance && Math.Abs(right[i] - r) <= tolerance))
                Assert.Fail($"{what}: at project sample {p} the output is ({left[i]}, {right[i]}) where ({l}, {r}) was expected.");
        }
    }

    /// <summary>The loop played at alpha 0 and 1 of a two-point grid.</summary>
    public static (LoopBuffer A, LoopBuffer B) Ends(AlphaGrid grid) =>
        (grid[0] ?? throw new InvalidOperationException("grid point 0 is empty"), grid[grid.PointCount - 1] ?? throw new InvalidOperationException("last grid point is empty"));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Plugin.DisposeAsync();
        }
        finally
        {
            Engine.Dispose();
            _output.WriteLine($"{(DateTime.UtcNow - _started).TotalSeconds:0.0} s wall, {Song.Position - Song.Origin} samples played; engine log:");
            _output.WriteLine(Engine.LogText);
        }
    }
}
