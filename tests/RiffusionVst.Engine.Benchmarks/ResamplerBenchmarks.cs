using BenchmarkDotNet.Attributes;
using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>One loop channel at Riffusion's rate (225 792 samples) to 192 000 samples, e.g. 2 bars at 120 BPM and 48 kHz.</summary>
[MemoryDiagnoser]
public class ResamplerBenchmarks
{
    private float[] _input = [];
    private float[] _output = [];
    private Resampler _resampler = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _input = Enumerable.Range(0, 225_792).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        _output = new float[192_000];
        _resampler = new Resampler(225_792, 192_000);
    }

    [Benchmark(Baseline = true)]
    public void Periodic() => _resampler.Process(_input, _output, ResampleMode.Periodic);

    [Benchmark]
    public void Clip() => _resampler.Process(_input, _output, ResampleMode.Clip);

    [Benchmark]
    public float[] WithTableConstruction() => Resampler.Resample(_input, 192_000, ResampleMode.Periodic);

    [Benchmark]
    public float[] CoprimeLengthsInterpolatedTable() => Resampler.Resample(_input.AsSpan(0, 225_351), 192_000, ResampleMode.Periodic);
}
