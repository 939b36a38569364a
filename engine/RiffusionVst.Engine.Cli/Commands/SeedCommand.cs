using System.CommandLine;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Spectrogram;
using RiffusionVst.Engine.Spectrogram.Image;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>seed NAME --bars N -o seed.png</c>: the spectrogram image of a built-in seed pattern on the native grid.</summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"Seed pattern: {string.Join(", ", SeedPatternCatalog.Names)}." };
        var bars = new Option<int>("--bars") { Description = "Bars of the pattern (the image is 64 columns a beat).", DefaultValueFactory = _ => 2 };
        var beatsPerBar = new Option<int>("--beats-per-bar") { Description = "Beats in a bar (the time signature's numerator).", DefaultValueFactory = _ => 4 };
        var output = new Option<FileInfo>("--output", "-o") { Description = "PNG to write (Riffusion's parameters in its EXIF).", Required = true };
        var command = new Command("seed", "Write the img2img seed image of a built-in drum pattern: whole bars at 93.75 BPM, 512 mel bands high.")
        {
            name, bars, beatsPerBar, output,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
            Run(parse.GetRequiredValue(name), parse.GetValue(bars), parse.GetValue(beatsPerBar), parse.GetRequiredValue(output))));
        return command;
    }

    private static int Run(string name, int bars, int beatsPerBar, FileInfo output)
    {
        SeedPattern pattern = SeedPatternCatalog.Get(name);
        var converter = new SpectrogramConverter();
        RgbImage image = Output.Stage($"Render {pattern.Name}, {bars} bar(s) of {beatsPerBar}", () => SeedImages.FromPattern(pattern, bars, beatsPerBar, converter));
        Output.Stage($"Write {output.Name}", () =>
        {
            PngFile.Write(output.FullName, image, converter.Parameters);
            return output.FullName;
        });
        Console.WriteLine($"{output.FullName}: {image.Width}×{image.Height} seed image of '{pattern.Name}' ({pattern.Description})");
        return 0;
    }
}
