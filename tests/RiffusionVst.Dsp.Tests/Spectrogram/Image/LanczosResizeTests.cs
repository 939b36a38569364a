using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Image;

public class LanczosResizeTests
{
    [Fact]
    public void Lanczos_keeps_a_constant_image_and_the_size_when_unchanged()
    {
        var grey = new RgbImage(70, 45);
        Array.Fill(grey.Pixels, (byte)137);
        RgbImage resized = LanczosResize.Resize(grey, 64, 32);
        Assert.Equal(64, resized.Width);
        Assert.Equal(32, resized.Height);
        Assert.All(resized.Pixels, p => Assert.Equal(137, p));
        Assert.Same(grey, LanczosResize.Resize(grey, 70, 45));
    }

    [Fact]
    public void Lanczos_follows_a_linear_ramp()
    {
        // A ramp p = 2x is reproduced at the sample positions of the new grid, x' = (i + 0.5)·scale − 0.5.
        var ramp = new RgbImage(100, 4);
        for (int x = 0; x < 100; x++)
        {
            for (int y = 0; y < 4; y++)
            {
                ramp[x, y, 0] = ramp[x, y, 1] = ramp[x, y, 2] = (byte)(2 * x);
            }
        }

        RgbImage resized = LanczosResize.Resize(ramp, 96, 4);
        double scale = 100.0 / 96;
        for (int i = 10; i < 86; i++)
        {
            double expected = 2 * ((i + 0.5) * scale - 0.5);
            Assert.InRange(resized[i, 2, 0], expected - 1.01, expected + 1.01);
        }
    }
}
