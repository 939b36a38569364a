using BenchmarkDotNet.Attributes;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Phase;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>The engine's whole image-to-audio step on 512 columns: inverse mel, PGHI, default Griffin-Lim iterations.</summary>
/// <remarks>Target: ≤ 0.5 s wall on the 2-core machine. Periodic is the loop path the engine uses.</remarks>
public class MelToAudioDefaultBenchmarks
{
    private SpectrogramConverter _converter = null!;
    private MelSpectrogram _linear = null!;
    private MelSpectrogram _periodic = null!;

    [GlobalSetup]
    public void Setup()
    {
        _converter = new SpectrogramConverter();
        _linear = SyntheticBeat.Mel(_converter);
        _periodic = SyntheticBeat.Mel(_converter, periodic: true);
    }

    [Benchmark(Baseline = true)]
    public float[] Linear() => _converter.MelToAudio(_linear);

    [Benchmark]
    public float[] Periodic() => _converter.MelToAudio(_periodic, PhaseReconstructionOptions.Default with { Periodic = true });
}
