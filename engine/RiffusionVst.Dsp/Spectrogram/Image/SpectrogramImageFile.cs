namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>Loads and saves mel spectrograms as Riffusion PNG pictures (pixels plus EXIF parameters) in one call.</summary>
public static class SpectrogramImageFile
{
    /// <summary>Loads the channel(s) of a spectrogram picture and the parameters it carries (Riffusion's defaults when it carries none).</summary>
    /// <exception cref="InvalidImageFileException">The file is not a readable PNG, or its height does not match its mel band count.</exception>
    public static (MelSpectrogram[] Channels, SpectrogramParameters Parameters) Load(string path)
    {
        var png = PngFile.Read(path);
        var parameters = png.Parameters;
        if (!png.HasParameters && png.Image.Height != parameters.MelBands)
        {
            // A bare picture of another height: take its height as the band count rather than refuse it.
            parameters = parameters with { MelBands = png.Image.Height };
        }

        if (png.Image.Height != parameters.MelBands)
        {
            throw new InvalidImageFileException(
                $"'{path}' is {png.Image.Height} pixels high but its EXIF says {parameters.MelBands} mel bands; fix or remove the EXIF block.");
        }

        return (SpectrogramImageCodec.FromImage(png.Image, parameters), parameters);
    }

    /// <summary>Saves one (mono) or two (stereo) channels as a picture; the EXIF gets the given parameters with the stereo flag and the actual maximum amplitude.</summary>
    public static SpectrogramParameters Save(string path, IReadOnlyList<MelSpectrogram> channels, SpectrogramParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        float max = SpectrogramImageCodec.MaxAmplitude(channels);
        if (channels[0].Bands != parameters.MelBands)
        {
            throw new ArgumentException($"The spectrogram has {channels[0].Bands} bands but the parameters say {parameters.MelBands}.", nameof(channels));
        }

        var image = SpectrogramImageCodec.ToImage(channels, parameters.PowerForImage, max);
        var written = parameters with { Stereo = channels.Count == 2, MaxValue = max > 0 ? max : parameters.MaxValue };
        PngFile.Write(path, image, written);
        return written;
    }
}
