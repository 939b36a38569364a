using System.Runtime.InteropServices;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Acceptance.Tests.Hosting;

/// <summary>
/// A DAW playing a song through one plugin instance from bar 1 (project sample 0) without jumps, so the recorded
/// output's index is the project sample. Blocks vary in size like a real host's. While the test waits for the
/// engine the song keeps playing, paced to roughly ten times real time so that a slow engine costs seconds of
/// audio, not minutes; everything else plays as fast as the machine allows.
/// </summary>
internal sealed class Song
{
    private static readonly int[] BlockSizes = [512, 480, 1024, 64, 333, 1000];
    private readonly List<float> _left = [];
    private readonly List<float> _right = [];
    private readonly List<(long Sample, ParameterChange Change)> _automation = [];
    private readonly Func<string> _diagnostics;
    private int _blockIndex;
    private long _lastSwapCount;
    private EngineState _lastState = (EngineState)(-1);

    /// <summary>A song at <paramref name="bpm"/> feeding <paramref name="plugin"/> from project sample <paramref name="from"/>; <paramref name="diagnostics"/> explains a timeout (the engine log).</summary>
    public Song(PluginInstance plugin, double bpm, Func<string> diagnostics, long from = 0)
    {
        Plugin = plugin;
        Bpm = bpm;
        Origin = from;
        Position = from;
        _diagnostics = diagnostics;
        _lastSwapCount = plugin.Processor.Player.SwapCount;
    }

    /// <summary>The instance being played.</summary>
    public PluginInstance Plugin { get; }

    /// <summary>The host tempo from the next block on.</summary>
    public double Bpm { get; set; }

    /// <summary>Project sample of the next block's first sample (the number of samples played so far).</summary>
    public long Position { get; private set; }

    /// <summary>Project sample of the first recorded sample (0: the song played from bar 1).</summary>
    public long Origin { get; }

    /// <summary>Left output, one sample per project sample from <see cref="Origin"/>.</summary>
    public ReadOnlySpan<float> Left => CollectionsMarshal.AsSpan(_left);

    /// <summary>Right output.</summary>
    public ReadOnlySpan<float> Right => CollectionsMarshal.AsSpan(_right);

    /// <summary>Every grid swap the player made: the block it happened in and the grid it swapped to.</summary>
    public List<GridSwap> Swaps { get; } = [];

    /// <summary>Every change of the client's connection state, with the project sample at which the host saw it.</summary>
    public List<(long Position, EngineStatus Status)> StatusChanges { get; } = [];

    /// <summary>Schedules host automation of a parameter (normalised value) at a project sample.</summary>
    public void Automate(long sample, ParameterId id, float normalized) =>
        _automation.Add((sample, new ParameterChange(0, id, normalized)));

    /// <summary>Plays <paramref name="samples"/> more samples as fast as possible.</summary>
    public void Play(long samples)
    {
        long end = Position + samples;
        while (Position < end)
            PlayBlock((int)Math.Min(NextBlockSize(), end - Position));
    }

    /// <summary>Plays up to (not including) project sample <paramref name="sample"/>.</summary>
    public void PlayTo(long sample) => Play(Math.Max(0, sample - Position));

    /// <summary>
    /// Keeps playing until <paramref name="condition"/> holds (checked after every block), at about ten times real
    /// time; fails with the engine's log after <paramref name="limitSeconds"/> of wall time. A generous limit, not a
    /// timing assertion: it only stops a broken run from hanging.
    /// </summary>
    public async Task PlayUntilAsync(Func<bool> condition, string what, double limitSeconds = 60)
    {
        DateTime limit = DateTime.UtcNow + TimeSpan.FromSeconds(limitSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                Assert.Fail($"Gave up waiting {limitSeconds} s for: {what}. Client: {Plugin.Client.Status} " +
                    $"(last error: {Plugin.Client.LastError ?? "none"}). Engine log:{Environment.NewLine}{_diagnostics()}");
            }
            PlayBlock(NextBlockSize());
            await Task.Delay(1);
        }
    }

    private int NextBlockSize() => BlockSizes[_blockIndex++ % BlockSizes.Length];

    private void PlayBlock(int n)
    {
        long start = Position;
        ParameterChange[] changes = _automation
            .Where(a => a.Sample >= start && a.Sample < start + n)
            .OrderBy(a => a.Sample)
            .Select(a => a.Change with { SampleOffset = (int)(a.Sample - start) })
            .ToArray();
        var left = new float[n];
        var right = new float[n];
        // No input bus: the plugin is an instrument-like generator on its own track.
        Plugin.Processor.Process([], [], left, right, new TransportInfo(Bpm, true, start), changes);
        _left.AddRange(left);
        _right.AddRange(right);
        Position += n;

        LoopPlayer player = Plugin.Processor.Player;
        long swaps = player.SwapCount;
        if (swaps != _lastSwapCount)
        {
            _lastSwapCount = swaps;
            Swaps.Add(new GridSwap(start, start + n, player.Playing, Bpm));
        }
        EngineStatus status = Plugin.Client.Status;
        if (status.State != _lastState)
        {
            _lastState = status.State;
            StatusChanges.Add((start + n, status));
        }
    }
}

/// <summary>A grid swap the player made somewhere in the block [<paramref name="BlockStart"/>, <paramref name="BlockEnd"/>).</summary>
/// <param name="BlockStart">Project sample of the block's first sample.</param>
/// <param name="BlockEnd">Project sample after the block's last sample.</param>
/// <param name="Grid">The grid playing after the block.</param>
/// <param name="Bpm">The host tempo in that block.</param>
internal sealed record GridSwap(long BlockStart, long BlockEnd, AlphaGrid? Grid, double Bpm)
{
    /// <summary>The one multiple of <paramref name="barLength"/> inside the block, or null when the block holds no bar line.</summary>
    public long? BarLineInBlock(long barLength)
    {
        long first = (BlockStart + barLength - 1) / barLength * barLength;
        return first < BlockEnd ? first : null;
    }
}
