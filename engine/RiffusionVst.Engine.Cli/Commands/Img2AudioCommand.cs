using System.CommandLine;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Cli.Options;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>img2audio IN.png OUT.wav</c>: audio from a Riffusion spectrogram image, as a tempo-exact loop or a plain clip.</summary>
internal static class Img2AudioCommand
{
    /// <summary>Most Griffin-Lim iterations (about a minute a 512-column image on one core).</summary>
    public const int MaxIterations = 1000;

    /// <summary>Widest image accepted, in columns (about 22 minutes of audio at 10 ms a column).</summary>
    public const int MaxColumns = 131_072;

    public static Command Create()
    {
        var defaults = PhaseReconstructionOptions.Default;
        var input = new Argument<FileInfo>("input") { Description = "Spectrogram PNG (512 pixels high; any width; Riffusion's EXIF parameters are honoured when present)." };
        var output = new Argument<FileInfo>("output") { Description = "WAV to write. Loops carry their tempo (ACID chunk) and loop points (smpl chunk)." };
        var loop = new Option<bool>("--loop") { Description = "Render a seamless loop of whole bars (implied by --bpm or --bars). Without it, a plain clip with the image's own timing." };
        var bpm = CliOptions.OptionalNumber("--bpm", $"Loop tempo in BPM; the image is stretched from Riffusion's native grid ({LoopSpec.NativeBpm} BPM, 64 columns a beat) to it. Default: {LoopSpec.NativeBpm}", 0, ProtocolLimits.MaxBpm, aboveMin: true);
        var bars = CliOptions.OptionalInteger("--bars", "Bars in the loop. Default: the image width divided by the columns of one native bar (256 in 4/4), at least 1", ProtocolLimits.MinBars, ProtocolLimits.MaxBars);
        var beatsPerBar = CommonOptions.BeatsPerBar();
        var sampleRate = CommonOptions.SampleRate();
        var iterations = CliOptions.Integer("--iterations", "Griffin-Lim iterations after the phase-gradient start (more: slower, closer to the image)", defaults.Iterations, 0, MaxIterations);
        var init = CommonOptions.Init(defaults.Init);
        var seed = CliOptions.Integer("--seed", "Seed of the random initial phase (same seed, same samples)", defaults.Seed, 0, int.MaxValue);
        var riffusion = new Option<bool>("--riffusion") { Description = "Use Riffusion's own reconstruction instead (random start, 32 plain Griffin-Lim iterations, no mel refit), e.g. to compare with `score`. Overrides --iterations and --init." };
        var format = CommonOptions.Format();
        var command = new Command("img2audio", "Turn a Riffusion spectrogram image into audio: a tempo-exact seamless loop, or a plain clip.")
        {
            input, output, loop, bpm, bars, beatsPerBar, sampleRate, iterations, init, seed, riffusion, format,
        };
        command.SetAction(parse => CommandRunner.Run(cancellation =>
        {
            var phase = parse.GetValue(riffusion)
                ? PhaseReconstructionOptions.RiffusionGriffinLim with { Seed = parse.GetValue(seed) }
                : defaults with { Iterations = parse.GetValue(iterations), Init = parse.GetValue(init), Seed = parse.GetValue(seed) };
            bool asLoop = parse.GetValue(loop) || parse.GetValue(bpm) is not null || parse.GetValue(bars) is not null;
            return Run(parse.GetRequiredValue(input), parse.GetRequiredValue(output), asLoop, parse.GetValue(bpm), parse.GetValue(bars),
                parse.GetValue(beatsPerBar), parse.GetValue(sampleRate), phase, parse.GetValue(format), cancellation);
        }));
        return command;
    }

    private static int Run(FileInfo input, FileInfo output, bool asLoop, double? bpm, int? bars, int beatsPerBar, int sampleRate,
        PhaseReconstructionOptions phase, WavSampleFormat format, CancellationToken cancellation)
    {
        InputFiles.RequireSpectrogramPng(input.FullName, "input");
        if (bpm is { } tempo && bars is { } count)
            CommonOptions.Loop(tempo, count, beatsPerBar, sampleRate, ProtocolLimits.MaxChannels);
        using OutputFiles outputs = OutputFiles.Prepare((output.FullName, ".wav", "output"));

        var (channels, parameters) = Output.Stage($"Read {input.Name}", () => SpectrogramImageFile.Load(input.FullName));
        if (channels[0].Frames > MaxColumns)
            throw CliException.BadInput($"{input.Name} is {channels[0].Frames} columns wide; at most {MaxColumns} (about 22 minutes) can be turned into audio; cut it first.");
        cancellation.ThrowIfCancellationRequested();
        var renderer = new LoopRenderer(parameters, phase);
        string final = outputs.Final(0);
        if (!asLoop)
        {
            var clip = Output.Stage($"Reconstruct {channels[0].Frames} columns ({phase.Init} + {phase.Iterations} iterations)",
                () => renderer.RenderClip(channels, sampleRate));
            cancellation.ThrowIfCancellationRequested();
            WavFile.Write(outputs.Temp(0), clip, new WavWriteOptions { Format = format });
            outputs.Commit(cancellation);
            Console.WriteLine($"{final}: {clip.Length} samples ({clip.DurationSeconds:0.###} s) at {sampleRate} Hz, {clip.ChannelCount} channel(s)");
            return 0;
        }

        int nativeBar = LoopSpec.NativeColumnsPerBeat * beatsPerBar;
        int barCount = bars ?? Math.Clamp((int)Math.Round((double)channels[0].Frames / nativeBar), ProtocolLimits.MinBars, ProtocolLimits.MaxBars);
        var spec = CommonOptions.Loop(bpm ?? LoopSpec.NativeBpm, barCount, beatsPerBar, sampleRate, channels.Length);
        var loopClip = Output.Stage($"Render a {spec.Bars}-bar loop at {spec.Bpm:0.##} BPM ({phase.Init} + {phase.Iterations} iterations, periodic)",
            () => renderer.RenderLoop(channels, spec, cancellation));
        var metadata = WavMetadata.ForLoop(spec.Bpm, spec.Beats, loopClip.Length, spec.BeatsPerBar);
        WavFile.Write(outputs.Temp(0), loopClip, new WavWriteOptions { Format = format, Metadata = metadata });
        outputs.Commit(cancellation);
        Console.WriteLine($"{final}: loop of {loopClip.Length} samples = {spec.Bars} bar(s) of {spec.BeatsPerBar} at {spec.Bpm:0.##} BPM, {sampleRate} Hz");
        return 0;
    }
}
