using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>Converts between interleaved 8-bit RGB images and the VAE's channel-major float layout in [−1, 1].</summary>
internal static class ImageTensor
{
    /// <summary>Writes 3·H·W floats, <c>2·p/255 − 1</c>, channel-major.</summary>
    public static void ToTensor(RgbImage image, Span<float> tensor)
    {
        int plane = image.Width * image.Height;
        if (tensor.Length != 3 * plane)
        {
            throw new ArgumentException($"Expected room for 3×{image.Height}×{image.Width} floats but got {tensor.Length}.", nameof(tensor));
        }

        byte[] pixels = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                tensor[c * plane + i] = pixels[3 * i + c] / 255f * 2f - 1f;
            }
        }
    }

    /// <summary>Maps decoder output <c>v</c> to <c>round(255·clamp((v + 1)/2, 0, 1))</c> as an RGB image.</summary>
    public static RgbImage FromTensor(ReadOnlySpan<float> tensor, int width, int height)
    {
        int plane = width * height;
        if (tensor.Length != 3 * plane)
        {
            throw new ArgumentException($"Expected 3×{height}×{width} floats but got {tensor.Length}.", nameof(tensor));
        }

        var pixels = new byte[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                float value = Math.Clamp((tensor[c * plane + i] + 1f) / 2f, 0f, 1f);
                pixels[3 * i + c] = (byte)MathF.Round(value * 255f, MidpointRounding.ToEven);
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
