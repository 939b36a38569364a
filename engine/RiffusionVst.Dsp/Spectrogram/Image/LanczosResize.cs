using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>
/// Separable Lanczos-3 resampling of RGB images, the filter Riffusion uses to bring a seed image to a multiple
/// of 32. When shrinking, the kernel widens by the scale factor so it also low-passes (as PIL does).
/// </summary>
public static class LanczosResize
{
    private const int Lobes = 3;

    /// <summary>Returns <paramref name="image"/> resized to <paramref name="width"/>×<paramref name="height"/> (the same object when the size already matches).</summary>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (image.Width == width && image.Height == height)
        {
            return image;
        }

        // Horizontal pass into floats, then vertical pass to bytes.
        var (xStart, xWeights, xTaps) = Kernel(image.Width, width);
        var (yStart, yWeights, yTaps) = Kernel(image.Height, height);
        var rows = new float[image.Height * width * 3];
        byte[] source = image.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float r = 0, g = 0, b = 0;
                for (int k = 0; k < xTaps; k++)
                {
                    float w = xWeights[x * xTaps + k];
                    int index = (y * image.Width + xStart[x] + k) * 3;
                    r += w * source[index];
                    g += w * source[index + 1];
                    b += w * source[index + 2];
                }

                int o = (y * width + x) * 3;
                rows[o] = r;
                rows[o + 1] = g;
                rows[o + 2] = b;
            }
        }

        var result = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    float sum = 0;
                    for (int k = 0; k < yTaps; k++)
                    {
                        sum += yWeights[y * yTaps + k] * rows[((yStart[y] + k) * width + x) * 3 + c];
                    }

                    result[(y * width + x) * 3 + c] = (byte)Math.Clamp(MathF.Round(sum), 0f, 255f);
                }
            }
        }

        return new RgbImage(width, height, result);
    }

    /// <summary>For each output index: the first source index, the normalised weights (taps each) and the tap count.</summary>
    private static (int[] Start, float[] Weights, int Taps) Kernel(int sourceSize, int targetSize)
    {
        double scale = (double)sourceSize / targetSize;
        double support = Lobes * Math.Max(scale, 1.0);
        double stretch = Math.Max(scale, 1.0);
        int taps = Math.Min(sourceSize, (int)Math.Ceiling(support) * 2 + 1);
        var start = new int[targetSize];
        var weights = new float[targetSize * taps];
        var raw = new double[taps];
        for (int i = 0; i < targetSize; i++)
        {
            double centre = (i + 0.5) * scale;
            int first = Math.Clamp((int)Math.Floor(centre - support + 0.5), 0, sourceSize - taps);
            double sum = 0;
            for (int k = 0; k < taps; k++)
            {
                raw[k] = Lanczos((first + k + 0.5 - centre) / stretch);
                sum += raw[k];
            }

            start[i] = first;
            for (int k = 0; k < taps; k++)
            {
                weights[i * taps + k] = (float)(sum != 0 ? raw[k] / sum : (k == 0 ? 1 : 0));
            }
        }

        return (start, weights, taps);
    }

    private static double Lanczos(double x)
    {
        x = Math.Abs(x);
        if (x < 1e-9)
        {
            return 1;
        }

        if (x >= Lobes)
        {
            return 0;
        }

        double px = Math.PI * x;
        return Lobes * Math.Sin(px) * Math.Sin(px / Lobes) / (px * px);
    }
}
