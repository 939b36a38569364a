using System.CommandLine;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Dsp.Spectrogram.Quality;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>score IMAGE AUDIO</c>: how faithfully audio reproduces a spectrogram image (mel spectral convergence).</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "The target spectrogram PNG." };
        var audio = new Argument<FileInfo>("audio") { Description = "The WAV made from it (e.g. by img2audio without --loop); resampled to the image's rate if needed." };
        var loop = new Option<bool>("--loop") { Description = "The audio is one loop period at the image's own tempo: analyse it with wrapping frames." };
        var command = new Command("score",
            "Print the mel spectral convergence of AUDIO against IMAGE in dB (lower is better): both mel spectrograms mapped to amplitude^0.25 " +
            "with unit peak, SC = 20·log10(‖target − got‖/‖target‖) over the overlapping columns.")
        {
            image, audio, loop,
        };
        command.SetAction(parse => CommandRunner.Run(cancellation => Run(parse.GetRequiredValue(image), parse.GetRequiredValue(audio), parse.GetValue(loop), cancellation)));
        return command;
    }

    private static int Run(FileInfo imageFile, FileInfo audioFile, bool loop, CancellationToken cancellation)
    {
        InputFiles.RequireSpectrogramPng(imageFile.FullName, "image");
        InputFiles.RequireAudio(audioFile.FullName, "audio");
        var (channels, parameters) = SpectrogramImageFile.Load(imageFile.FullName);
        var clip = AudioFileReader.Read(audioFile.FullName);
        if (clip.DurationSeconds > Audio2ImgCommand.MaxSeconds)
            throw CliException.BadInput($"{audioFile.Name} is {clip.DurationSeconds / 60:0} minutes long; score at most {Audio2ImgCommand.MaxSeconds / 60:0} minutes.");
        cancellation.ThrowIfCancellationRequested();
        clip = clip.WithSampleRate(parameters.SampleRate);
        if (channels.Length == 1)
            clip = clip.MixToMono();
        else if (clip.ChannelCount != channels.Length)
            throw CliException.BadInput($"{imageFile.Name} is stereo but {audioFile.Name} has {clip.ChannelCount} channel(s); score a stereo WAV against it.");

        cancellation.ThrowIfCancellationRequested();
        var scores = channels.Select((target, c) => MelSpectralConvergence.Measure(clip.Channels[c], target, parameters, loop)).ToArray();
        double mean = scores.Average();
        Console.WriteLine(FormattableString.Invariant($"SC = {mean:0.00} dB over {channels[0].Frames} columns{(scores.Length > 1 ? $" (left {scores[0]:0.00}, right {scores[1]:0.00})" : "")}"));
        return 0;
    }
}
