using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Dsp.Tests.Spectrogram;

public class MelFilterBankTests
{
    [Fact]
    public void Htk_mel_of_700_hz_is_2595_log10_2_and_the_inverse_undoes_it()
    {
        Assert.Equal(2595 * Math.Log10(2), MelFilterBank.HzToMel(700), 9);
        Assert.Equal(2595 * Math.Log10(1 + 10000.0 / 700), MelFilterBank.HzToMel(10000), 9);
        foreach (double f in new[] { 0.0, 123.4, 4410, 10000 })
        {
            Assert.Equal(f, MelFilterBank.MelToHz(MelFilterBank.HzToMel(f)), 6);
        }
    }

    [Fact]
    public void Riffusion_bank_has_514_points_evenly_spaced_in_mel_from_0_to_10_khz()
    {
        var bank = new MelFilterBank(SpectrogramParameters.Riffusion);
        Assert.Equal(514, bank.BandEdges.Count);
        Assert.Equal(0, bank.BandEdges[0], 9);
        Assert.Equal(10000, bank.BandEdges[513], 6);
        double step = 2595 * Math.Log10(1 + 10000.0 / 700) / 513;
        for (int i = 0; i < 514; i += 37)
        {
            Assert.Equal(700 * (Math.Pow(10, i * step / 2595) - 1), bank.BandEdges[i], 6);
        }

        // Bins are 2.5 Hz apart, so the last one below 10 kHz is bin 3999.
        Assert.Equal(4000, bank.UsedBins);
    }

    [Fact]
    public void Riffusion_bank_is_zero_outside_each_triangle_and_at_most_one_inside()
    {
        var p = SpectrogramParameters.Riffusion;
        var bank = new MelFilterBank(p);
        double binHz = 2.5;
        for (int b = 0; b < bank.Bands; b += 17)
        {
            double lower = bank.BandEdges[b], upper = bank.BandEdges[b + 2];
            for (int k = 0; k < 4100; k++)
            {
                double f = k * binHz;
                float w = bank.Weight(b, k);
                if (f <= lower || f >= upper)
                {
                    Assert.Equal(0f, w);
                }
                else
                {
                    Assert.InRange(w, 0f, 1f);
                }
            }
        }
    }

    [Fact]
    public void Triangle_peaks_at_one_on_a_centre_bin_and_rises_linearly()
    {
        // One band whose mel centre lands exactly on bin 40: choose the top edge so that mel(centre) is half of mel(top).
        var basic = SmallSignals.Parameters;
        double binHz = (basic.SampleRate / 2) / (double)(basic.BinCount - 1);
        double centre = 40 * binHz;
        double top = MelFilterBank.MelToHz(2 * MelFilterBank.HzToMel(centre));
        var bank = new MelFilterBank(basic with { MelBands = 1, MinFrequency = 0, MaxFrequency = top });
        Assert.Equal(1f, bank.Weight(0, 40), 5);
        Assert.Equal(20 * binHz / centre, bank.Weight(0, 20), 5);
        Assert.Equal((top - 50 * binHz) / (top - centre), bank.Weight(0, 50), 5);
        Assert.Equal(0f, bank.Weight(0, 0));
        Assert.Equal(0f, bank.Weight(0, (int)Math.Ceiling(top / binHz)));
    }

    [Fact]
    public void Sparse_projection_equals_the_dense_product_and_its_transpose_is_the_adjoint()
    {
        var p = SmallSignals.Parameters;
        var bank = new MelFilterBank(p);
        float[] s = SmallSignals.Noise(p.BinCount, 7).Select(Math.Abs).ToArray();
        float[] m = SmallSignals.Noise(p.MelBands, 8);
        var ms = new float[p.MelBands];
        bank.Project(s, ms);
        for (int b = 0; b < p.MelBands; b++)
        {
            double dense = 0;
            for (int k = 0; k < p.BinCount; k++)
            {
                dense += bank.Weight(b, k) * s[k];
            }

            Assert.Equal(dense, ms[b], 1e-4);
        }

        var mtm = new float[p.BinCount];
        bank.ProjectTransposed(m, mtm);
        double left = 0, right = 0;
        for (int b = 0; b < p.MelBands; b++)
        {
            left += ms[b] * (double)m[b];
        }

        for (int k = 0; k < p.BinCount; k++)
        {
            right += s[k] * (double)mtm[k];
        }

        Assert.Equal(left, right, 1e-3);
    }
}
