using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Dsp.Tests.Spectrogram;

public class SpectrogramParametersTests
{
    [Fact]
    public void Riffusion_defaults_give_the_sample_counts_of_the_paper()
    {
        var p = SpectrogramParameters.Riffusion;
        Assert.Equal(441, p.HopLength);
        Assert.Equal(4410, p.WindowLength);
        Assert.Equal(17640, p.FftLength);
        Assert.Equal(8821, p.BinCount);
        Assert.Equal(512, p.MelBands);
    }
}
