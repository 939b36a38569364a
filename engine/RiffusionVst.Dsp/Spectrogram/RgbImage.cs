namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>An 8-bit RGB picture in memory: interleaved R, G, B bytes, row-major, top row first.</summary>
/// <remarks>The exchange format between PNG files, the spectrogram codec and the diffusion pipeline.</remarks>
public sealed class RgbImage
{
    /// <summary>Creates a black image.</summary>
    public RgbImage(int width, int height)
        : this(width, height, new byte[checked(width * height * 3)])
    {
    }

    /// <summary>Wraps interleaved RGB bytes.</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"Expected {width}×{height}×3 = {width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels (time, for spectrograms).</summary>
    public int Width { get; }

    /// <summary>Height in pixels (mel bands, for spectrograms).</summary>
    public int Height { get; }

    /// <summary>Interleaved RGB bytes: <c>Pixels[(y * Width + x) * 3 + c]</c>.</summary>
    public byte[] Pixels { get; }

    /// <summary>One channel value (c = 0 red, 1 green, 2 blue).</summary>
    public byte this[int x, int y, int c]
    {
        get => Pixels[(y * Width + x) * 3 + c];
        set => Pixels[(y * Width + x) * 3 + c] = value;
    }
}
