using BenchmarkDotNet.Attributes;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Benchmarks;

/// <summary>The audio thread's cost: one 64-sample stereo block at 48 kHz while a 9-point alpha grid of 2-bar loops plays and alpha is automated.</summary>
/// <remarks>Target: ≤ 5 µs a block. Each invocation runs 1 000 consecutive blocks so the transport moves through bar lines.</remarks>
[MemoryDiagnoser]
public class PluginProcessBenchmarks
{
    private const int Block = 64;
    private const int BlocksPerInvocation = 1_000;
    private const double Rate = 48_000;
    private readonly float[] _inLeft = new float[Block];
    private readonly float[] _inRight = new float[Block];
    private readonly float[] _outLeft = new float[Block];
    private readonly float[] _outRight = new float[Block];
    private readonly ParameterChange[] _alphaChange = new ParameterChange[1];
    private PluginProcessor _processor = null!;
    private long _position;

    [GlobalSetup]
    public void Setup()
    {
        _processor = new PluginProcessor(new PluginParameters());
        _processor.Prepare(Rate, Block);
        int length = (int)Math.Round(8 * 60 / 120.0 * Rate);
        var grid = new AlphaGrid(AlphaGrid.DefaultPointCount, bars: 2, beatsPerBar: 4);
        var random = new Random(1);
        for (int p = 0; p < grid.PointCount; p++)
        {
            var left = new float[length];
            var right = new float[length];
            for (int i = 0; i < length; i++)
            {
                left[i] = (float)((random.NextDouble() * 2) - 1) * 0.5f;
                right[i] = (float)((random.NextDouble() * 2) - 1) * 0.5f;
            }

            grid = grid.With(p, new LoopBuffer(left, right, 2, 4, 120, Rate));
        }

        _processor.Player.Submit(grid);
        _processor.Parameters.SetNormalized(ParameterId.DryWet, 0.5f);
    }

    [Benchmark(OperationsPerInvoke = BlocksPerInvocation)]
    public void ProcessBlock()
    {
        for (int b = 0; b < BlocksPerInvocation; b++)
        {
            // Alpha automation once a block keeps the morph path busy.
            _alphaChange[0] = new ParameterChange(Block / 2, ParameterId.Alpha, (float)((_position / Block) % 100) / 100f);
            var transport = new TransportInfo(120, true, _position);
            _processor.Process(_inLeft, _inRight, _outLeft, _outRight, transport, _alphaChange);
            _position += Block;
        }
    }
}
