using System.CommandLine;
using Microsoft.ML.OnnxRuntime;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Cli.Options;

/// <summary>The options several commands share, with the protocol's ranges and names (one place for each limit).</summary>
internal static class CommonOptions
{
    /// <summary>Set before the commands are built when the command line asks for help: only then are the devices this build has looked up.</summary>
    public static bool HelpRequested { get; set; }

    public static Option<double> Bpm(double defaultValue = 120) =>
        CliOptions.Number("--bpm", "Tempo of the loop in BPM", defaultValue, 0, ProtocolLimits.MaxBpm, aboveMin: true);

    public static Option<int> Bars(int defaultValue = 2) =>
        CliOptions.Integer("--bars", "Bars in the loop (256 image columns a bar of 4/4)", defaultValue, ProtocolLimits.MinBars, ProtocolLimits.MaxBars);

    public static Option<int> BeatsPerBar() =>
        CliOptions.Integer("--beats-per-bar", "Beats in a bar (the time signature's numerator)", 4, ProtocolLimits.MinBeatsPerBar, ProtocolLimits.MaxBeatsPerBar);

    public static Option<int> SampleRate(int defaultValue = 44_100) =>
        CliOptions.Integer("--sample-rate", "Sample rate of the WAV in Hz", defaultValue, ProtocolLimits.MinSampleRate, ProtocolLimits.MaxSampleRate);

    public static Option<double> Alpha() =>
        CliOptions.Number("--alpha", "Position between the prompt (0) and --to (1)", 0, 0, 1);

    public static Option<double> Denoise() =>
        CliOptions.Number("--denoise", "Denoising strength: how much of the seed image is repainted", PromptSettings.DefaultDenoising, 0, 1);

    public static Option<double> Guidance() =>
        CliOptions.Number("--guidance", "Guidance scale: how strongly to follow the prompt", PromptSettings.DefaultGuidance, 0, ProtocolLimits.MaxGuidance);

    public static Option<int> Steps() =>
        CliOptions.Integer("--steps", "Denoising steps", ProtocolLimits.DefaultSteps, ProtocolLimits.MinSteps, ProtocolLimits.MaxSteps);

    public static Option<string?> Scheduler() =>
        CliOptions.Name("--scheduler", "Sampler (default: the model's; pndm for Riffusion)", SchedulerNames.All, SchedulerNames.Find);

    public static Option<string?> Noise() =>
        CliOptions.Name("--noise", $"Noise generator ({NoiseNames.Portable}, the default, gives the same loop on every machine; {NoiseNames.Riffusion} is torch's CPU generator, the latents Riffusion's own code draws on a Mac; {NoiseNames.RiffusionAvx2} the same with torch's x86 AVX2 kernel)", NoiseNames.All, NoiseNames.Find);

    public static Option<string?> SeedPattern(string extra) =>
        CliOptions.Name("--seed-pattern", $"Synthesised drum seed ('{SeedPatternNames.None}': no seed image, text-to-image from noise){extra}", SeedPatternNames.All, SeedPatternNames.Find);

    public static Option<long?> Seed() =>
        CliOptions.Seed("--seed", "Seed of the noise; random when not given, and always printed so the same loop can be made again");

    /// <summary>Where the model runs; spellings as the README writes them (auto, cpu, cuda, dml, coreml), any case.</summary>
    /// <remarks>Every device is accepted (one this build lacks falls back to the CPU with a note), but help lists only those that work here.</remarks>
    public static Option<ExecutionDevice> Device(ExecutionDevice defaultValue)
    {
        (string[] Spellings, ExecutionDevice Value)[] all =
        [
            (["auto"], ExecutionDevice.Auto),
            (["cpu"], ExecutionDevice.Cpu),
            (["cuda"], ExecutionDevice.Cuda),
            (["dml", "directml"], ExecutionDevice.DirectML),
            (["coreml"], ExecutionDevice.CoreML),
        ];
        var option = CliOptions.Choice("--device", "Where the model runs (others fall back to the CPU with a note)", defaultValue, all);
        if (HelpRequested)
        {
            var working = all.Where(c => c.Value is ExecutionDevice.Auto or ExecutionDevice.Cpu || Available(c.Value)).Select(c => c.Spellings[0]);
            option.Description = $"Where the model runs: {string.Join(", ", working)}";
        }

        return option;
    }

    /// <summary>The WAV sample formats the writer has, as README and help write them.</summary>
    public static Option<WavSampleFormat> Format() => CliOptions.Choice("--format", "Sample format", WavSampleFormat.Float32,
    [
        (["float32", "float"], WavSampleFormat.Float32),
        (["pcm24", "24"], WavSampleFormat.Pcm24),
        (["pcm16", "16"], WavSampleFormat.Pcm16),
    ]);

    /// <summary>The initial phase of the reconstruction.</summary>
    public static Option<PhaseInit> Init(PhaseInit defaultValue) => CliOptions.Choice("--init", "Initial phase (pghi: phase-gradient heap integration; random: Riffusion's)", defaultValue,
    [
        (["pghi"], PhaseInit.Pghi),
        (["random"], PhaseInit.Random),
        (["zero"], PhaseInit.Zero),
    ]);

    /// <summary>The loop, from options already range-checked by the parser; only the combined length can still be too long.</summary>
    public static LoopSpec Loop(double bpm, int bars, int beatsPerBar, int sampleRate, int channels)
    {
        long samples = LoopLength.Samples(bpm, bars, beatsPerBar, sampleRate);
        if (samples > ProtocolLimits.MaxLoopSamples(channels))
            throw CliException.Usage($"{bars} bar(s) of {beatsPerBar} at {bpm} BPM and {sampleRate} Hz is {samples} samples, over the {ProtocolLimits.MaxLoopSamples(channels)} a loop may have; use fewer bars, a faster tempo or a lower sample rate.");
        return new LoopSpec(bpm, bars, beatsPerBar, sampleRate);
    }

    private static bool Available(ExecutionDevice device)
    {
        string provider = device switch
        {
            ExecutionDevice.Cuda => "CUDAExecutionProvider",
            ExecutionDevice.DirectML => "DmlExecutionProvider",
            _ => "CoreMLExecutionProvider",
        };
        try
        {
            return OrtEnv.Instance().GetAvailableProviders().Contains(provider);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
