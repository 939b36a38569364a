using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Phase;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Phase;

public class PhaseGradientHeapIntegrationTests
{
    private static readonly SpectrogramParameters P = SmallSignals.Parameters;

    /// <summary>|mean of e^{i(estimate − truth)}| over coefficients above 30 % of the peak: 1 when equal up to one constant.</summary>
    private static double Coherence(float[] signal, bool periodic)
    {
        var spectrum = new Stft(P, 1).Forward(signal, periodic);
        var magnitudes = spectrum.Magnitudes();
        float[] estimate = new PhaseGradientHeapIntegration(P).Estimate(magnitudes, periodic);
        float peak = magnitudes.Data.Max();
        double re = 0, im = 0;
        int count = 0;
        for (int i = 0; i < estimate.Length; i++)
        {
            if (magnitudes.Data[i] > 0.3f * peak)
            {
                double d = estimate[i] - Math.Atan2(spectrum.Imag[i], spectrum.Real[i]);
                re += Math.Cos(d);
                im += Math.Sin(d);
                count++;
            }
        }

        return Math.Sqrt(re * re + im * im) / count;
    }

    [Fact]
    public void Recovers_the_phase_of_a_steady_sine_up_to_a_constant()
    {
        float[] sine = Enumerable.Range(0, 64 * 20).Select(i => (float)Math.Sin(2 * Math.PI * 437 * i / 8000.0)).ToArray();
        Assert.InRange(Coherence(sine, periodic: false), 0.98, 1.0);
    }

    [Fact]
    public void Recovers_the_phase_of_a_chirp_up_to_a_constant()
    {
        Assert.InRange(Coherence(SmallSignals.Chirp(64 * 40), periodic: false), 0.95, 1.0);
    }

    [Fact]
    public void Silence_gives_zero_phase()
    {
        float[] phase = new PhaseGradientHeapIntegration(P).Estimate(new MagnitudeSpectrogram(P.BinCount, 3));
        Assert.All(phase, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Lambda_is_the_papers_gaussian_for_the_hann_length()
    {
        Assert.Equal(0.25645 * 4410.0 * 4410.0, new PhaseGradientHeapIntegration(SpectrogramParameters.Riffusion).Lambda, 6);
    }
}
