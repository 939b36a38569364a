using System.CommandLine;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>audio2img IN.wav OUT.png</c>: the Riffusion spectrogram image of a sound.</summary>
internal static class Audio2ImgCommand
{
    /// <summary>Longest audio accepted, in seconds (its image is then 131 072 columns wide).</summary>
    public const double MaxSeconds = 1310;

    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "Audio file to analyse: WAV (8/16/24/32-bit PCM or float), AIFF or MP3, any sample rate, mono or stereo." };
        var output = new Argument<FileInfo>("output") { Description = "PNG to write: 512 pixels high (mel bands), one column per 10 ms, Riffusion's parameters in its EXIF." };
        var stereo = new Option<bool>("--stereo") { Description = "Keep left and right in the green and blue channels instead of mixing to mono (red holds their mean)." };
        var loop = new Option<bool>("--loop") { Description = "Treat the audio as one period of a loop: N/441 columns whose frames wrap around, instead of 1 + ⌊N/441⌋." };
        var command = new Command("audio2img", "Turn audio into a Riffusion spectrogram image (the model's input format).") { input, output, stereo, loop };
        command.SetAction(parse => CommandRunner.Run(cancellation =>
            Run(parse.GetRequiredValue(input), parse.GetRequiredValue(output), parse.GetValue(stereo), parse.GetValue(loop), cancellation)));
        return command;
    }

    private static int Run(FileInfo input, FileInfo output, bool stereo, bool loop, CancellationToken cancellation)
    {
        InputFiles.RequireAudio(input.FullName, "input");
        using OutputFiles outputs = OutputFiles.Prepare((output.FullName, ".png", "output"));
        var parameters = SpectrogramParameters.Riffusion with { Stereo = stereo };
        var clip = Output.Stage($"Read {input.Name}", () => AudioFileReader.Read(input.FullName));
        if (clip.DurationSeconds > MaxSeconds)
            throw CliException.BadInput($"{input.Name} is {clip.DurationSeconds / 60:0} minutes long; at most {MaxSeconds / 60:0} minutes can be turned into one image; cut it first.");
        if (!stereo)
            clip = clip.MixToMono();
        else if (clip.ChannelCount != 2)
            throw CliException.Usage($"--stereo needs a two-channel file; {input.Name} has {clip.ChannelCount} channel(s).");

        cancellation.ThrowIfCancellationRequested();
        if (clip.SampleRate != parameters.SampleRate)
            clip = Output.Stage($"Resample {clip.SampleRate} → {parameters.SampleRate} Hz", () => clip.WithSampleRate(parameters.SampleRate));

        cancellation.ThrowIfCancellationRequested();
        var converter = new SpectrogramConverter(parameters);
        var channels = Output.Stage("STFT and mel bank", () =>
            clip.Channels.Select(c => converter.AudioToMel(c, loop)).ToArray());
        cancellation.ThrowIfCancellationRequested();
        Output.Stage($"Write {output.Name}", () => SpectrogramImageFile.Save(outputs.Temp(0), channels, parameters));
        outputs.Commit(cancellation);
        Console.WriteLine($"{outputs.Final(0)}: {channels[0].Frames}×{channels[0].Bands} {(stereo ? "stereo" : "mono")} spectrogram of {clip.DurationSeconds:0.###} s");
        return 0;
    }
}
