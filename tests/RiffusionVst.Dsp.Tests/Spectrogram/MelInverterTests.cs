using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Dsp.Tests.Spectrogram;

public class MelInverterTests
{
    private static readonly SpectrogramParameters P = SmallSignals.Parameters;

    [Fact]
    public void Inverse_is_non_negative_with_a_small_residual_on_a_synthetic_spectrum()
    {
        var bank = new MelFilterBank(P);
        const int frames = 6;
        var truth = new MagnitudeSpectrogram(P.BinCount, frames);
        for (int t = 0; t < frames; t++)
        {
            for (int k = 0; k < bank.UsedBins; k++)
            {
                // Two harmonic peaks that move a little per frame, over a weak floor.
                double a = Math.Exp(-Math.Pow((k - 40 - t) / 3.0, 2)) + 0.5 * Math.Exp(-Math.Pow((k - 80 - 2 * t) / 3.0, 2));
                truth.Data[t * P.BinCount + k] = (float)(a + 0.01);
            }
        }

        var mel = bank.Apply(truth);
        var inverter = new MelInverter(bank, refinementSteps: 50);
        var estimate = inverter.Invert(mel);
        Assert.All(estimate.Data, v => Assert.True(v >= 0 && float.IsFinite(v)));
        Assert.InRange(inverter.RelativeResidual(mel, estimate), 0, 0.01);
    }

    [Fact]
    public void Refinement_does_not_increase_the_residual_of_the_clamped_start()
    {
        var bank = new MelFilterBank(P);
        var mel = new MelSpectrogram(P.MelBands, 3);
        float[] noise = SmallSignals.Noise(mel.Data.Length, 9);
        for (int i = 0; i < noise.Length; i++)
        {
            // Spiky, partly zero mel frames push the minimum-norm solution negative.
            mel.Data[i] = Math.Max(noise[i], 0f);
        }

        double start = new MelInverter(bank, 0).RelativeResidual(mel, new MelInverter(bank, 0).Invert(mel));
        var refined = new MelInverter(bank, 30);
        double after = refined.RelativeResidual(mel, refined.Invert(mel));
        Assert.True(after <= start, $"residual {after} after refinement, {start} before");
    }

    [Fact]
    public void Silence_inverts_to_silence()
    {
        var bank = new MelFilterBank(P);
        var estimate = new MelInverter(bank).Invert(new MelSpectrogram(P.MelBands, 4));
        Assert.All(estimate.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Negative_mel_values_are_rejected_with_a_reason()
    {
        var bank = new MelFilterBank(P);
        var mel = new MelSpectrogram(P.MelBands, 2);
        mel[1, 3] = -1;
        var error = Assert.Throws<ArgumentException>(() => new MelInverter(bank, threads: 1).Invert(mel));
        Assert.Contains("non-negative", error.Message);
    }
}
