using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Diffusion.Pipeline;

public class ImageHelpersTests
{
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
