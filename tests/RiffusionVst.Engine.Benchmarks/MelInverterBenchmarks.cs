using BenchmarkDotNet.Attributes;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>Non-negative inverse mel of 512 columns (512 bands → 8 821 bins) at several refinement step counts.</summary>
/// <remarks>Target: well under 100 ms (riffusion's 200 gradient steps took 577 s here).</remarks>
public class MelInverterBenchmarks
{
    private MelInverter _inverter = null!;
    private MelSpectrogram _mel = null!;

    /// <summary>Projected-gradient steps after the closed-form start.</summary>
    [Params(0, 20)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var converter = new SpectrogramConverter();
        _mel = SyntheticBeat.Mel(converter);
        _inverter = new MelInverter(converter.MelBank, Steps);
    }

    [Benchmark]
    public MagnitudeSpectrogram Invert() => _inverter.Invert(_mel);
}
