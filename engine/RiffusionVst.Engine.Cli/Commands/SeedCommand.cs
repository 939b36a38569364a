using System.CommandLine;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Cli.Options;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>seed NAME --bars N -o seed.png</c>: the spectrogram image of a built-in seed pattern on the native grid.</summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"Seed pattern: {string.Join(", ", SeedPatternNames.Drums)}." };
        var bars = CommonOptions.Bars();
        var beatsPerBar = CommonOptions.BeatsPerBar();
        var output = new Option<FileInfo>("--output", "-o") { Description = "PNG to write (Riffusion's parameters in its EXIF).", Required = true, HelpName = "OUT.png" };
        var command = new Command("seed", "Write the img2img seed image of a built-in drum pattern: whole bars at 93.75 BPM, 512 mel bands high.")
        {
            name, bars, beatsPerBar, output,
        };
        command.SetAction(parse => CommandRunner.Run(cancellation =>
            Run(parse.GetRequiredValue(name), parse.GetValue(bars), parse.GetValue(beatsPerBar), parse.GetRequiredValue(output), cancellation)));
        return command;
    }

    private static int Run(string name, int bars, int beatsPerBar, FileInfo output, CancellationToken cancellation)
    {
        string known = SeedPatternNames.Find(name) ?? throw CliException.Usage($"Seed pattern '{name}' is not known; use one of: {string.Join(", ", SeedPatternNames.Drums)}.");
        if (known == SeedPatternNames.None)
            throw CliException.Usage($"'{SeedPatternNames.None}' means no seed image (text-to-image from noise), so there is nothing to write; use one of: {string.Join(", ", SeedPatternNames.Drums)}.");
        using OutputFiles outputs = OutputFiles.Prepare((output.FullName, ".png", "-o"));
        SeedPattern pattern = SeedPatternCatalog.Get(known);
        var converter = new SpectrogramConverter();
        var seeds = new SeedImageSource(converter);
        RgbImage image = Output.Stage($"Render {pattern.Name}, {bars} bar(s) of {beatsPerBar}", () => seeds.OwnSound(SeedDescription.FromPattern(known), bars, beatsPerBar));
        cancellation.ThrowIfCancellationRequested();
        Output.Stage($"Write {output.Name}", () =>
        {
            PngFile.Write(outputs.Temp(0), image, converter.Parameters);
            outputs.Commit(cancellation);
            return 0;
        });
        Console.WriteLine($"{outputs.Final(0)}: {image.Width}×{image.Height} seed image of '{pattern.Name}' ({pattern.Description})");
        return 0;
    }
}
