using System.CommandLine;
using RiffusionVst.Engine.Audio.Wav;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Spectrogram.Image;
using RiffusionVst.Engine.Spectrogram.Phase;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>img2audio IN.png OUT.wav</c>: audio from a Riffusion spectrogram image, as a tempo-exact loop or a plain clip.</summary>
internal static class Img2AudioCommand
{
    public static Command Create()
    {
        var defaults = PhaseReconstructionOptions.Default;
        var input = new Argument<FileInfo>("input") { Description = "Spectrogram PNG (512 pixels high; any width; Riffusion's EXIF parameters are honoured when present)." };
        var output = new Argument<FileInfo>("output") { Description = "WAV to write. Loops carry their tempo (ACID chunk) and loop points (smpl chunk)." };
        var loop = new Option<bool>("--loop") { Description = "Render a seamless loop of whole bars (implied by --bpm or --bars). Without it, a plain clip with the image's own timing." };
        var bpm = new Option<double?>("--bpm") { Description = $"Loop tempo in BPM. The image is stretched from Riffusion's native grid ({LoopSpec.NativeBpm} BPM, 64 columns a beat) to it. Default: {LoopSpec.NativeBpm}." };
        var bars = new Option<int?>("--bars") { Description = "Bars in the loop. Default: the image width divided by the columns of one native bar (256 in 4/4), at least 1." };
        var beatsPerBar = new Option<int>("--beats-per-bar") { Description = "Beats in a bar (the time signature's numerator).", DefaultValueFactory = _ => 4 };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Output sample rate in Hz; loops are exactly round(bars·beats·60/bpm·rate) samples.", DefaultValueFactory = _ => 44_100 };
        var iterations = new Option<int>("--iterations") { Description = $"Griffin-Lim iterations after the phase-gradient start (more: slower, closer to the image). Default: {defaults.Iterations}.", DefaultValueFactory = _ => defaults.Iterations };
        var init = new Option<PhaseInit>("--init") { Description = "Initial phase: Pghi (phase-gradient heap integration, the default), Random (Riffusion's) or Zero.", DefaultValueFactory = _ => defaults.Init };
        var seed = new Option<int>("--seed") { Description = "Seed of the random initial phase (same seed, same samples).", DefaultValueFactory = _ => defaults.Seed };
        var riffusion = new Option<bool>("--riffusion") { Description = "Use Riffusion's own reconstruction instead (random start, 32 plain Griffin-Lim iterations, no mel refit), e.g. to compare with `score`. Overrides --iterations and --init." };
        var format = new Option<WavSampleFormat>("--format") { Description = "Sample format: Float32 (default), Pcm24 or Pcm16.", DefaultValueFactory = _ => WavSampleFormat.Float32 };
        var command = new Command("img2audio", "Turn a Riffusion spectrogram image into audio: a tempo-exact seamless loop, or a plain clip.")
        {
            input, output, loop, bpm, bars, beatsPerBar, sampleRate, iterations, init, seed, riffusion, format,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var phase = parse.GetValue(riffusion)
                ? PhaseReconstructionOptions.RiffusionGriffinLim with { Seed = parse.GetValue(seed) }
                : defaults with { Iterations = parse.GetValue(iterations), Init = parse.GetValue(init), Seed = parse.GetValue(seed) };
            bool asLoop = parse.GetValue(loop) || parse.GetValue(bpm) is not null || parse.GetValue(bars) is not null;
            return Run(parse.GetRequiredValue(input), parse.GetRequiredValue(output), asLoop, parse.GetValue(bpm), parse.GetValue(bars),
                parse.GetValue(beatsPerBar), parse.GetValue(sampleRate), phase, parse.GetValue(format));
        }));
        return command;
    }

    private static int Run(FileInfo input, FileInfo output, bool asLoop, double? bpm, int? bars, int beatsPerBar, int sampleRate,
        PhaseReconstructionOptions phase, WavSampleFormat format)
    {
        if (phase.Iterations is < 0 or > 1000)
        {
            throw new ArgumentException($"--iterations must be 0 to 1000; got {phase.Iterations}.");
        }

        var (channels, parameters) = Output.Stage($"Read {input.Name}", () => SpectrogramImageFile.Load(input.FullName));
        var renderer = new LoopRenderer(parameters, phase);
        if (!asLoop)
        {
            var clip = Output.Stage($"Reconstruct {channels[0].Frames} columns ({phase.Init} + {phase.Iterations} iterations)",
                () => renderer.RenderClip(channels, sampleRate));
            WavFile.Write(output.FullName, clip, new WavWriteOptions { Format = format });
            Console.WriteLine($"{output.FullName}: {clip.Length} samples ({clip.DurationSeconds:0.###} s) at {sampleRate} Hz, {clip.ChannelCount} channel(s)");
            return 0;
        }

        int nativeBar = LoopSpec.NativeColumnsPerBeat * beatsPerBar;
        var spec = new LoopSpec(bpm ?? LoopSpec.NativeBpm, bars ?? Math.Max(1, (int)Math.Round((double)channels[0].Frames / nativeBar)), beatsPerBar, sampleRate);
        var loopClip = Output.Stage($"Render a {spec.Bars}-bar loop at {spec.Bpm:0.##} BPM ({phase.Init} + {phase.Iterations} iterations, periodic)",
            () => renderer.RenderLoop(channels, spec));
        var metadata = WavMetadata.ForLoop(spec.Bpm, spec.Beats, loopClip.Length, spec.BeatsPerBar);
        WavFile.Write(output.FullName, loopClip, new WavWriteOptions { Format = format, Metadata = metadata });
        Console.WriteLine($"{output.FullName}: loop of {loopClip.Length} samples = {spec.Bars} bar(s) of {spec.BeatsPerBar} at {spec.Bpm:0.##} BPM, {sampleRate} Hz");
        return 0;
    }
}
