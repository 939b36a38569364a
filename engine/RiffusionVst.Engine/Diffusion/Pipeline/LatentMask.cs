using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>
/// Riffusion's inpainting mask in latent space: the greyscale mask shrunk by 8 (nearest neighbour),
/// <c>m = 1 − L/255</c> repeated on the 4 latent channels; m = 1 keeps the seed image, 0 repaints.
/// </summary>
internal static class LatentMask
{
    /// <summary>Writes 4·h·w mask values for a latent of <paramref name="latentHeight"/>×<paramref name="latentWidth"/>.</summary>
    public static void Build(RgbImage mask, int latentHeight, int latentWidth, Span<float> destination)
    {
        int plane = latentHeight * latentWidth;
        if (destination.Length != 4 * plane)
        {
            throw new ArgumentException($"Expected room for 4×{latentHeight}×{latentWidth} mask values but got {destination.Length}.", nameof(destination));
        }

        for (int y = 0; y < latentHeight; y++)
        {
            // Nearest neighbour picks the source pixel under the centre of each target cell.
            int sy = Math.Min(mask.Height - 1, (int)((y + 0.5) * mask.Height / latentHeight));
            for (int x = 0; x < latentWidth; x++)
            {
                int sx = Math.Min(mask.Width - 1, (int)((x + 0.5) * mask.Width / latentWidth));
                float m = 1f - Luma(mask, sx, sy) / 255f;
                for (int c = 0; c < 4; c++)
                {
                    destination[c * plane + y * latentWidth + x] = m;
                }
            }
        }
    }

    /// <summary>ITU-R 601 luma as PIL's convert("L") computes it, rounded to a byte.</summary>
    internal static int Luma(RgbImage image, int x, int y) =>
        (image[x, y, 0] * 299 + image[x, y, 1] * 587 + image[x, y, 2] * 114 + 500) / 1000;
}
