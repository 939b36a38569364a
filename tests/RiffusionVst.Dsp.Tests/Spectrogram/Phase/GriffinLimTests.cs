using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Dsp.Spectrogram.Quality;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Phase;

public class GriffinLimTests
{
    private static readonly SpectrogramParameters P = SmallSignals.Parameters;

    private static (MelSpectrogram Mel, MagnitudeSpectrogram Magnitudes) Target(float[] audio, bool periodic = false)
    {
        var magnitudes = new Stft(P, 1).ForwardMagnitudes(audio, periodic);
        return (new MelFilterBank(P).Apply(magnitudes), magnitudes);
    }

    private static double Score(MagnitudeSpectrogram magnitudes, MelSpectrogram mel, PhaseReconstructionOptions options)
    {
        float[] audio = new GriffinLim(P).Reconstruct(magnitudes, options);
        return MelSpectralConvergence.Measure(audio, mel, P, options.Periodic);
    }

    [Fact]
    public void More_iterations_give_better_spectral_convergence()
    {
        var (mel, magnitudes) = Target(SmallSignals.Chord(64 * 40));
        var options = new PhaseReconstructionOptions { Init = PhaseInit.Random, Seed = 3, Threads = 2 };
        double few = Score(magnitudes, mel, options with { Iterations = 2 });
        double many = Score(magnitudes, mel, options with { Iterations = 16 });
        Assert.True(many < few - 1, $"16 iterations: {many:F1} dB, 2 iterations: {few:F1} dB");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pghi_start_beats_a_random_start_at_equal_iterations_on_a_chirp(bool periodic)
    {
        var (mel, magnitudes) = Target(SmallSignals.Chirp(64 * 40), periodic);
        var options = new PhaseReconstructionOptions { Iterations = 2, Seed = 1, Periodic = periodic, Threads = 2 };
        double pghi = Score(magnitudes, mel, options with { Init = PhaseInit.Pghi });
        double random = Score(magnitudes, mel, options with { Init = PhaseInit.Random });
        Assert.True(pghi < random - 1, $"PGHI {pghi:F1} dB, random {random:F1} dB");
    }

    [Fact]
    public void Same_seed_gives_the_same_samples_and_another_seed_does_not()
    {
        var (_, magnitudes) = Target(SmallSignals.Chord(64 * 12));
        var gl = new GriffinLim(P);
        var options = new PhaseReconstructionOptions { Init = PhaseInit.Random, Iterations = 3, Seed = 42, Threads = 2 };
        float[] a = gl.Reconstruct(magnitudes, options);
        float[] b = gl.Reconstruct(magnitudes, options with { Threads = 1 });
        float[] c = gl.Reconstruct(magnitudes, options with { Seed = 43 });
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(PhaseInit.Pghi)]
    [InlineData(PhaseInit.Random)]
    [InlineData(PhaseInit.Zero)]
    public void Silence_gives_silence_without_nan(PhaseInit init)
    {
        var silent = new MagnitudeSpectrogram(P.BinCount, 8);
        float[] audio = new GriffinLim(P).Reconstruct(silent, new PhaseReconstructionOptions { Init = init, Iterations = 2 });
        Assert.Equal(7 * 64, audio.Length);
        Assert.All(audio, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Periodic_reconstruction_is_exactly_frames_times_hop_samples_and_finite()
    {
        var (_, magnitudes) = Target(SmallSignals.Chord(64 * 10), periodic: true);
        float[] audio = new GriffinLim(P).Reconstruct(magnitudes, new PhaseReconstructionOptions { Periodic = true, Iterations = 2 });
        Assert.Equal(10 * 64, audio.Length);
        Assert.All(audio, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_iterations_follow_torchaudios_momentum_rule_step_by_step(bool periodic)
    {
        // Reference written with the plain STFT: A0 = 1, x = istft(S·A), R = stft(x), A = (R − α/(1+α)·R_prev)/(|…| + 1e-16).
        var stft = new Stft(P, 1);
        var (_, magnitudes) = Target(SmallSignals.Chord(64 * 12), periodic);
        const double momentum = 0.7;
        double beta = momentum / (1 + momentum);
        int count = magnitudes.Data.Length;
        var spectrum = new ComplexSpectrogram(P.BinCount, magnitudes.Frames);
        Array.Copy(magnitudes.Data, spectrum.Real, count);
        var previousReal = new double[count];
        var previousImag = new double[count];
        for (int iteration = 0; iteration < 2; iteration++)
        {
            var rebuilt = stft.Forward(stft.Inverse(spectrum, periodic), periodic);
            for (int i = 0; i < count; i++)
            {
                double re = rebuilt.Real[i] - beta * previousReal[i];
                double im = rebuilt.Imag[i] - beta * previousImag[i];
                double norm = Math.Sqrt(re * re + im * im) + 1e-16;
                spectrum.Real[i] = (float)(magnitudes.Data[i] * re / norm);
                spectrum.Imag[i] = (float)(magnitudes.Data[i] * im / norm);
                previousReal[i] = rebuilt.Real[i];
                previousImag[i] = rebuilt.Imag[i];
            }
        }

        float[] expected = stft.Inverse(spectrum, periodic);
        float[] actual = new GriffinLim(P).Reconstruct(magnitudes, new PhaseReconstructionOptions
        {
            Init = PhaseInit.Zero, Iterations = 2, Momentum = momentum, Periodic = periodic, Threads = 2,
        });
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-3);
        }
    }

    [Fact]
    public void Refitting_the_mel_each_iteration_scores_at_least_as_well_as_holding_one_inverse()
    {
        var converter = new SpectrogramConverter(P, threads: 2);
        var mel = converter.AudioToMel(SmallSignals.Chord(64 * 30));
        var options = new PhaseReconstructionOptions { Iterations = 8, Threads = 2 };
        double held = MelSpectralConvergence.Measure(converter.MelToAudio(mel, options with { RefitMel = false }), mel, P);
        double refit = MelSpectralConvergence.Measure(converter.MelToAudio(mel, options), mel, P);
        Assert.True(refit <= held + 0.1, $"refit {refit:F1} dB, held {held:F1} dB");
    }
}
