namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>Converts mel amplitudes to Riffusion's spectrogram pictures and back, with Riffusion's exact pixel mapping.</summary>
/// <remarks>
/// Amplitude → pixel: <c>p = (byte)(255 − 255·(S/max)^power)</c>, evaluated in single precision in numpy's order
/// (divide, power, ×255, 255 − x, truncate), so pictures match Riffusion's byte for byte. Loud is dark. The picture is
/// flipped: its top row is the highest band. Mono pictures are grey (R = G = B). Stereo pictures carry the left channel in
/// green and the right in blue; Riffusion left red at 0, we write the mean of green and blue (rounded down) instead so a
/// mono reader that takes red still hears both channels. Pixel → amplitude: <c>S = ((255 − p)/255)^(1/power)·maxValue</c>,
/// reading red for mono and green/blue for stereo.
/// </remarks>
public static class SpectrogramImageCodec
{
    /// <summary>The largest amplitude over all channels: the value that maps to a black pixel.</summary>
    public static float MaxAmplitude(IReadOnlyList<MelSpectrogram> channels)
    {
        ValidateChannels(channels);
        float max = 0f;
        foreach (var channel in channels)
        {
            foreach (float v in channel.Data)
            {
                if (float.IsNaN(v))
                {
                    throw new ArgumentException("The spectrogram contains NaN; fix the stage that produced it before making a picture.", nameof(channels));
                }

                if (v > max)
                {
                    max = v;
                }
            }
        }

        return max;
    }

    /// <summary>Makes the picture of one (mono) or two (stereo: left, right) spectrograms, scaled by their common maximum.</summary>
    public static RgbImage ToImage(IReadOnlyList<MelSpectrogram> channels, double power = 0.25)
    {
        float max = MaxAmplitude(channels);
        return ToImage(channels, power, max);
    }

    /// <summary>Makes the picture of one or two spectrograms with a given amplitude for black (values above it clamp to black).</summary>
    public static RgbImage ToImage(IReadOnlyList<MelSpectrogram> channels, double power, float maxAmplitude)
    {
        ValidateChannels(channels);
        if (!(power > 0) || double.IsInfinity(power))
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, "The image power must be a positive number (Riffusion uses 0.25).");
        }

        int bands = channels[0].Bands;
        int frames = channels[0].Frames;
        if (frames == 0)
        {
            throw new ArgumentException("The spectrogram has no frames; an image needs at least one column.", nameof(channels));
        }

        var image = new RgbImage(frames, bands);
        byte[] px = image.Pixels;
        float fpower = (float)power;
        bool silent = !(maxAmplitude > 0);
        var levels = new byte[channels.Count][];
        for (int c = 0; c < channels.Count; c++)
        {
            var data = channels[c].Data;
            var level = new byte[data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                level[i] = silent ? (byte)255 : ToPixel(data[i], maxAmplitude, fpower);
            }

            levels[c] = level;
        }

        for (int frame = 0; frame < frames; frame++)
        {
            for (int band = 0; band < bands; band++)
            {
                int src = frame * bands + band;
                int dst = ((bands - 1 - band) * frames + frame) * 3;
                if (levels.Length == 1)
                {
                    byte v = levels[0][src];
                    px[dst] = v;
                    px[dst + 1] = v;
                    px[dst + 2] = v;
                }
                else
                {
                    byte g = levels[0][src];
                    byte b = levels[1][src];
                    px[dst] = (byte)((g + b) >> 1);
                    px[dst + 1] = g;
                    px[dst + 2] = b;
                }
            }
        }

        return image;
    }

    /// <summary>The pixel value of one amplitude, exactly as Riffusion's numpy code computes it in float32.</summary>
    public static byte ToPixel(float amplitude, float maxAmplitude, float power)
    {
        float ratio = amplitude / maxAmplitude;
        if (!(ratio > 0f))
        {
            return 255;
        }

        if (ratio > 1f)
        {
            ratio = 1f;
        }

        float x = MathF.Pow(ratio, power);
        x *= 255f;
        x = 255f - x;
        return (byte)x;
    }

    /// <summary>The amplitude of one pixel value: <c>((255 − p)/255)^(1/power)·maxValue</c> in float32.</summary>
    public static float ToAmplitude(byte pixel, float power, float maxValue)
    {
        float x = 255f - pixel;
        x /= 255f;
        x = MathF.Pow(x, 1f / power);
        return x * maxValue;
    }

    /// <summary>Reads the spectrogram channel(s) of a picture: one for mono (red), two for stereo (green = left, blue = right).</summary>
    public static MelSpectrogram[] FromImage(RgbImage image, SpectrogramParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        if (image.Height != parameters.MelBands)
        {
            throw new ArgumentException(
                $"The image is {image.Height} pixels high but the parameters ask for {parameters.MelBands} mel bands; " +
                $"the height must equal the number of mel bands (resize the image or pass matching parameters).",
                nameof(image));
        }

        if (!(parameters.PowerForImage > 0))
        {
            throw new ArgumentException($"PowerForImage must be positive (got {parameters.PowerForImage}).", nameof(parameters));
        }

        float power = (float)parameters.PowerForImage;
        float maxValue = (float)parameters.MaxValue;
        var lookup = new float[256];
        for (int p = 0; p < 256; p++)
        {
            lookup[p] = ToAmplitude((byte)p, power, maxValue);
        }

        int bands = image.Height;
        int frames = image.Width;
        int[] sourceChannels = parameters.Stereo ? [1, 2] : [0];
        var result = new MelSpectrogram[sourceChannels.Length];
        byte[] px = image.Pixels;
        for (int c = 0; c < sourceChannels.Length; c++)
        {
            var mel = new MelSpectrogram(bands, frames);
            var data = mel.Data;
            int channel = sourceChannels[c];
            for (int y = 0; y < bands; y++)
            {
                int band = bands - 1 - y;
                int row = y * frames * 3 + channel;
                for (int frame = 0; frame < frames; frame++)
                {
                    data[frame * bands + band] = lookup[px[row + frame * 3]];
                }
            }

            result[c] = mel;
        }

        return result;
    }

    private static void ValidateChannels(IReadOnlyList<MelSpectrogram> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count is < 1 or > 2)
        {
            throw new ArgumentException($"A spectrogram image holds one (mono) or two (stereo) channels, got {channels.Count}.", nameof(channels));
        }

        if (channels.Count == 2 && (channels[0].Bands != channels[1].Bands || channels[0].Frames != channels[1].Frames))
        {
            throw new ArgumentException(
                $"Left and right spectrograms differ in size ({channels[0].Bands}×{channels[0].Frames} vs {channels[1].Bands}×{channels[1].Frames}).",
                nameof(channels));
        }
    }
}
