using SkiaSharp;

namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>Reads and writes spectrogram pictures as PNG files carrying Riffusion's parameters in an eXIf chunk.</summary>
/// <remarks>SkiaSharp decodes and encodes the pixels; the chunk structure (validation, CRCs, the eXIf chunk that Skia cannot
/// write) is handled here. Greyscale, palette and RGBA files are converted to RGB; alpha is dropped, not blended, as Pillow's
/// <c>convert("RGB")</c> does.</remarks>
public static class PngFile
{
    /// <summary>Reads a PNG file.</summary>
    /// <exception cref="InvalidImageFileException">The file is empty, not a PNG, truncated or corrupt.</exception>
    public static PngImage Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = File.ReadAllBytes(path);
        return Decode(bytes, path);
    }

    /// <summary>Reads a PNG from a stream (read to its end).</summary>
    /// <exception cref="InvalidImageFileException">The stream is empty, not a PNG, truncated or corrupt.</exception>
    public static PngImage Read(Stream stream, string name = "PNG stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.ToArray(), name);
    }

    /// <summary>Decodes PNG bytes; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidImageFileException">The bytes are empty, not a PNG, truncated or corrupt.</exception>
    public static PngImage Decode(byte[] png, string name = "PNG data")
    {
        ArgumentNullException.ThrowIfNull(png);
        var chunks = PngChunks.Parse(png, name);
        var parameters = SpectrogramParameters.Riffusion;
        bool found = false;
        var exif = chunks.Find(c => c.Type == "eXIf");
        if (exif.Type is not null)
        {
            (parameters, found) = RiffusionExif.Parse(png.AsSpan(exif.DataOffset, exif.Length), name);
        }

        using var data = SKData.CreateCopy(png);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidImageFileException($"'{name}' could not be decoded as a PNG picture. Open it in an image editor and save it as PNG again.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new InvalidImageFileException(
                $"'{name}' could not be decoded ({result}): its image data is truncated or corrupt. Copy or export the file again.");
        }

        var rgba = bitmap.GetPixelSpan();
        var image = new RgbImage(info.Width, info.Height);
        var px = image.Pixels;
        for (int i = 0, j = 0; i < px.Length; i += 3, j += 4)
        {
            px[i] = rgba[j];
            px[i + 1] = rgba[j + 1];
            px[i + 2] = rgba[j + 2];
        }

        return new PngImage(image, parameters, found);
    }

    /// <summary>Encodes a picture as PNG bytes, with the parameters in an eXIf chunk when given.</summary>
    public static byte[] Encode(RgbImage image, SpectrogramParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var rgba = bitmap.GetPixelSpan();
        var px = image.Pixels;
        for (int i = 0, j = 0; i < px.Length; i += 3, j += 4)
        {
            rgba[j] = px[i];
            rgba[j + 1] = px[i + 1];
            rgba[j + 2] = px[i + 2];
            rgba[j + 3] = 255;
        }

        using var pixmap = bitmap.PeekPixels();
        using var encoded = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6))
            ?? throw new InvalidOperationException("SkiaSharp failed to encode the picture as PNG.");
        byte[] png = encoded.ToArray();
        return parameters is null ? png : PngChunks.WithExif(png, RiffusionExif.Build(parameters));
    }

    /// <summary>Writes a picture to a PNG file, with the parameters in an eXIf chunk when given.</summary>
    public static void Write(string path, RgbImage image, SpectrogramParameters? parameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, Encode(image, parameters));
    }

    /// <summary>Writes a picture as PNG to a stream, with the parameters in an eXIf chunk when given.</summary>
    public static void Write(Stream stream, RgbImage image, SpectrogramParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Encode(image, parameters));
    }
}
