using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Diffusion.Pipeline;

/// <summary>Deterministic seed images and comparisons for pipeline tests.</summary>
internal static class PipelineTestImages
{
    /// <summary>A greyscale spectrogram-like picture: horizontal bands plus a beat every 64 columns.</summary>
    public static RgbImage Seed(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int band = (int)(127 + 100 * Math.Sin(y * 0.07));
                byte level = (byte)(x % 64 < 6 ? 20 : band);
                for (int c = 0; c < 3; c++)
                {
                    image[x, y, c] = level;
                }
            }
        }

        return image;
    }

    /// <summary>Mean absolute difference of the pixels in columns [x0, x1).</summary>
    public static double MeanDifference(RgbImage a, RgbImage b, int x0, int x1)
    {
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Height, b.Height);
        double sum = 0;
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    sum += Math.Abs(a[x, y, c] - b[x, y, c]);
                }
            }
        }

        return sum / (a.Height * (x1 - x0) * 3);
    }
}
