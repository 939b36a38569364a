using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Diffusion.Pipeline;

public class ImageHelpersTests
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

    [Fact]
    public void Latent_mask_is_one_minus_luma_over_255_on_every_channel()
    {
        var mask = new RgbImage(16, 8);
        mask[8, 0, 0] = 255; // the top-right 8×8 cell is red: luma (255·299 + 500)/1000 = 76
        for (int y = 0; y < 8; y++)
        {
            for (int x = 8; x < 16; x++)
            {
                mask[x, y, 0] = 255;
            }
        }

        var m = new float[4 * 1 * 2];
        LatentMask.Build(mask, 1, 2, m);
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(1f, m[c * 2]);
            Assert.Equal(1f - 76 / 255f, m[c * 2 + 1], 6);
        }
    }
}
