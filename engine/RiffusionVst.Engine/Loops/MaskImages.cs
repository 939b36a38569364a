using System.Globalization;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Engine.Loops;

/// <summary>
/// Inpainting masks over a spectrogram image (white repaints, black keeps the seed image), like the masks
/// Riffusion shipped: the top of the image (high bands), a gradient from the top, or vertical lines on the beats.
/// Loop-level, like the seed images: they know mel rows and beats; the diffusion pipeline only takes the image.
/// </summary>
public static class MaskImages
{
    /// <summary>The built-in masks by name, as <see cref="FromSpec"/>, the engine's capabilities and the CLI know them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["top", "gradient", "beats"];

    /// <summary>Whether a mask form (<c>NAME[:ARGUMENT]</c>) names a built-in mask rather than a file.</summary>
    public static bool IsBuiltIn(string spec) => Names.Contains(spec.Split(':', 2)[0].Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The forms <see cref="FromSpec"/> accepts, for help texts.</summary>
    public const string SpecHelp = "top[:FRACTION] (repaint the top, default 1/3), gradient[:FRACTION] (white at the top fading to black at FRACTION of the height, default 0.7), beats[:COLUMNS] (keep COLUMNS columns on every beat, default 8), or a PNG file";

    /// <summary>Repaints the top <paramref name="fraction"/> of the rows (the highest mel bands) and keeps the rest.</summary>
    public static RgbImage TopFraction(int width, int height, double fraction = 1.0 / 3)
    {
        CheckFraction(fraction);
        int rows = (int)Math.Round(height * fraction);
        return Build(width, height, (_, y) => y < rows ? (byte)255 : (byte)0);
    }

    /// <summary>White at the top row fading linearly to black at <paramref name="fraction"/> of the height; black below.</summary>
    public static RgbImage GradientFromTop(int width, int height, double fraction = 0.7)
    {
        CheckFraction(fraction);
        double end = Math.Max(height * fraction, 1e-9);
        return Build(width, height, (_, y) => (byte)Math.Round(255 * Math.Clamp(1 - y / end, 0, 1)));
    }

    /// <summary>
    /// Keeps <paramref name="lineColumns"/> columns starting at every beat (64 columns a beat on the native grid)
    /// and repaints between them, so the seed's beat survives while the sound changes.
    /// </summary>
    public static RgbImage BeatLines(int width, int height, int lineColumns = 8, int columnsPerBeat = LoopSpec.NativeColumnsPerBeat)
    {
        if (columnsPerBeat < 1 || lineColumns < 1 || lineColumns >= columnsPerBeat)
        {
            throw new ArgumentException($"Beat lines need 1 ≤ line width < columns a beat (got {lineColumns} of {columnsPerBeat}).");
        }

        return Build(width, height, (x, _) => x % columnsPerBeat < lineColumns ? (byte)0 : (byte)255);
    }

    /// <summary>
    /// A mask from a command-line form: <c>top[:F]</c>, <c>gradient[:F]</c>, <c>beats[:N]</c>, or the path of a PNG
    /// (resized to the image with nearest neighbour when used).
    /// </summary>
    public static RgbImage FromSpec(string spec, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        string[] parts = spec.Split(':', 2);
        string kind = parts[0].Trim().ToLowerInvariant();
        string? argument = parts.Length > 1 ? parts[1] : null;
        switch (kind)
        {
            case "top":
                return TopFraction(width, height, Number(argument, 1.0 / 3, spec));
            case "gradient":
                return GradientFromTop(width, height, Number(argument, 0.7, spec));
            case "beats":
                return BeatLines(width, height, (int)Number(argument, 8, spec));
        }

        if (!File.Exists(spec))
        {
            throw new ArgumentException($"Mask '{spec}' is neither a PNG file that exists nor one of: {SpecHelp}.");
        }

        return PngFile.Read(spec).Image;
    }

    private static double Number(string? text, double fallback, string spec)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new ArgumentException($"Mask '{spec}': '{text}' is not a number. Expected {SpecHelp}.");
        }

        return value;
    }

    private static void CheckFraction(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentException($"A mask fraction must lie in (0, 1] (got {fraction}).");
        }
    }

    private static RgbImage Build(int width, int height, Func<int, int, byte> level)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte l = level(x, y);
                image[x, y, 0] = l;
                image[x, y, 1] = l;
                image[x, y, 2] = l;
            }
        }

        return image;
    }
}
