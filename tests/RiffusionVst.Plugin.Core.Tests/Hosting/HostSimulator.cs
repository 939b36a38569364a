using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Tests.Hosting;

/// <summary>Drives a <see cref="PluginProcessor"/> the way a DAW does: blocks of varying size, transport, automation, jumps, loop regions.</summary>
internal sealed class HostSimulator
{
    private readonly List<(long Sample, ParameterChange Change)> _automation = [];
    private readonly int[] _blockSizes;
    private int _blockIndex;

    public HostSimulator(double sampleRate, double bpm, params int[] blockSizes)
    {
        SampleRate = sampleRate;
        Bpm = bpm;
        _blockSizes = blockSizes.Length == 0 ? [512] : blockSizes;
        Parameters = new PluginParameters();
        Prompts = new PromptSlots();
        Processor = new PluginProcessor(Parameters);
        Processor.Prepare(sampleRate, _blockSizes.Max());
    }

    public double SampleRate { get; }
    public double Bpm { get; set; }
    public bool Playing { get; set; } = true;
    public long Position { get; set; }
    public bool SendPpq { get; set; }
    public (long Start, long End)? LoopRegion { get; set; }
    public PluginParameters Parameters { get; }
    public PromptSlots Prompts { get; }
    public PluginProcessor Processor { get; }

    /// <summary>Input the host feeds, as a function of the project sample (null: silence).</summary>
    public Func<long, float>? Input { get; set; }

    /// <summary>Schedules an automation point at an absolute project sample (normalised value).</summary>
    public void Automate(long projectSample, ParameterId id, float normalized) =>
        _automation.Add((projectSample, new ParameterChange(0, id, normalized)));

    /// <summary>Runs the given number of output samples; returns left, right and the project position of each sample.</summary>
    public (float[] Left, float[] Right, long[] Positions) Run(int samples)
    {
        var left = new float[samples];
        var right = new float[samples];
        var positions = new long[samples];
        int done = 0;
        while (done < samples)
        {
            int n = Math.Min(_blockSizes[_blockIndex++ % _blockSizes.Length], samples - done);
            if (Playing && LoopRegion is { } region && Position + n > region.End && Position < region.End)
                n = (int)(region.End - Position);
            var inL = new float[n];
            for (int i = 0; i < n; i++)
                inL[i] = Input?.Invoke(Position + i) ?? 0f;
            var changes = _automation
                .Where(a => a.Sample >= Position && a.Sample < Position + n)
                .OrderBy(a => a.Sample)
                .Select(a => a.Change with { SampleOffset = (int)(a.Sample - Position) })
                .ToArray();
            double ppq = SendPpq ? Position / SampleRate * Bpm / 60.0 : double.NaN;
            var transport = new TransportInfo(Bpm, Playing, Position, ppq);
            Processor.Process(inL, inL, left.AsSpan(done, n), right.AsSpan(done, n), transport, changes);
            for (int i = 0; i < n; i++)
                positions[done + i] = Position + i;
            done += n;
            if (Playing)
            {
                Position += n;
                if (LoopRegion is { } r && Position >= r.End)
                    Position = r.Start;
            }
        }
        return (left, right, positions);
    }
}
