using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Quality;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Quality;

public class MelSpectralConvergenceTests
{
    [Fact]
    public void Hand_worked_example()
    {
        // Target (16, 1) → fourth roots (2, 1) → unit peak (1, 0.5); got (16, 0) → (1, 0).
        // error² = 0.25, norm² = 1.25, so SC = 10·log10(0.2) dB.
        var target = new MelSpectrogram(2, 1, new float[] { 16, 1 });
        var got = new MelSpectrogram(2, 1, new float[] { 16, 0 });
        Assert.Equal(10 * Math.Log10(0.2), MelSpectralConvergence.Compute(target, got), 9);
    }

    [Fact]
    public void Level_does_not_count_and_silence_scores_zero_db()
    {
        var target = new MelSpectrogram(3, 2, new float[] { 1, 5, 2, 0, 3, 9 });
        var louder = new MelSpectrogram(3, 2, target.Data.Select(v => v * 1000).ToArray());
        Assert.True(MelSpectralConvergence.Compute(target, louder) < -200);
        Assert.Equal(0, MelSpectralConvergence.Compute(target, new MelSpectrogram(3, 2)), 9);
    }

    [Fact]
    public void Only_overlapping_columns_count()
    {
        var target = new MelSpectrogram(2, 2, new float[] { 16, 1, 16, 1 });
        var got = new MelSpectrogram(2, 1, new float[] { 16, 0 });
        Assert.Equal(10 * Math.Log10(0.2), MelSpectralConvergence.Compute(target, got), 9);
    }
}
