namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>A picture read from a PNG file with the spectrogram parameters found in its EXIF block.</summary>
/// <param name="Image">The pixels, converted to 8-bit RGB.</param>
/// <param name="Parameters">The parameters from Riffusion's EXIF tags, or Riffusion's defaults for tags that are missing.</param>
/// <param name="HasParameters">Whether the file carried at least one Riffusion tag (images straight from the model carry none).</param>
public sealed record PngImage(RgbImage Image, SpectrogramParameters Parameters, bool HasParameters);
