using System.CommandLine;
using System.Globalization;
using RiffusionVst.Engine.Audio;
using RiffusionVst.Engine.Audio.Wav;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.Schedulers;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Spectrogram;
using RiffusionVst.Engine.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;
using Spectre.Console;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary>
/// <c>generate "PROMPT" -o OUT.wav</c>: a tempo-exact loop from a prompt (or a morph between two prompts), written as a WAV
/// with tempo and loop chunks, plus the spectrogram PNG beside it. Works without any model installed (tiny model).
/// </summary>
internal static class GenerateCommand
{
    /// <summary>The seed pattern used when no seed is named.</summary>
    public const string DefaultSeedPattern = "four-on-the-floor";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = $"What to generate, e.g. \"funk bass, (jazz piano:1.2)\". At most {PromptEncoder.MaxTokens} tokens; (word) ×1.1, [word] ÷1.1, (word:1.3) weights." };
        var to = new Option<string?>("--to") { Description = "A second prompt to morph towards (alpha 1 is this prompt)." };
        var alpha = new Option<double>("--alpha") { Description = "Position between the prompt (0) and --to (1).", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the noise (same seed and inputs, same loop).", DefaultValueFactory = _ => 42 };
        var seedB = new Option<long?>("--seed-b") { Description = "Seed of the end's noise. Default: --seed + 1 with --to, else --seed." };
        var denoise = new Option<double>("--denoise") { Description = "Denoising strength 0…1: how much of the seed image is repainted.", DefaultValueFactory = _ => PromptSettings.DefaultDenoising };
        var guidance = new Option<double>("--guidance") { Description = "Guidance scale: how strongly to follow the prompt.", DefaultValueFactory = _ => PromptSettings.DefaultGuidance };
        var steps = new Option<int>("--steps") { Description = "Denoising steps.", DefaultValueFactory = _ => DiffusionRequest.DefaultSteps };
        var scheduler = new Option<string?>("--scheduler") { Description = $"Sampler: {string.Join(", ", SchedulerFactory.Names)}. Default: the model's (pndm for Riffusion)." };
        var noise = new Option<string?>("--noise") { Description = $"Noise generator: {NoiseNames.Portable} (default: the same loop on every machine), {NoiseNames.Riffusion} (torch's CPU generator: the latents Riffusion's own code draws on a Mac) or {NoiseNames.RiffusionAvx2} (the same with torch's x86 AVX2 kernel)." };
        var seedPattern = new Option<string?>("--seed-pattern") { Description = $"Synthesised drum seed: {string.Join(", ", SeedPatternCatalog.Names)}. Default: {DefaultSeedPattern}, unless another seed is given." };
        var seedImage = new Option<FileInfo?>("--seed-image") { Description = "Seed spectrogram PNG (512 rows); fitted to the bar count." };
        var seedAudio = new Option<FileInfo?>("--seed-audio") { Description = "Seed audio WAV; its first --bars bars at --seed-bpm (or the whole clip) become the seed image." };
        var seedBpm = new Option<double?>("--seed-bpm") { Description = "Tempo of --seed-audio; without it the whole clip counts as --bars bars." };
        var noSeed = new Option<bool>("--no-seed") { Description = "Text-to-image from pure noise (no seed image; the tempo is then not locked)." };
        var mask = new Option<string?>("--mask") { Description = $"Repaint only part of the seed: {MaskImages.SpecHelp}. White repaints." };
        var negative = new Option<string>("--negative") { Description = "Negative prompt (the unconditional side of guidance).", DefaultValueFactory = _ => string.Empty };
        var bars = new Option<int>("--bars") { Description = $"Bars in the loop, 1…{LoopSpec.MaxBars} (256 image columns a bar of 4/4).", DefaultValueFactory = _ => 2 };
        var bpm = new Option<double>("--bpm") { Description = "Tempo of the loop in BPM.", DefaultValueFactory = _ => 120 };
        var beatsPerBar = new Option<int>("--beats-per-bar") { Description = "Beats in a bar.", DefaultValueFactory = _ => 4 };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Sample rate of the WAV in Hz.", DefaultValueFactory = _ => 44_100 };
        var model = new Option<DirectoryInfo?>("--model") { Description = $"Model folder. Default: ${ModelLocator.EnvironmentVariable}, else the per-user models folder, else the tiny generated model." };
        var device = new Option<ExecutionDevice>("--device") { Description = "Cpu (default), Auto, Cuda, DirectML or CoreML.", DefaultValueFactory = _ => ExecutionDevice.Cpu };
        var output = new Option<FileInfo>("--output", "-o") { Description = "WAV to write; the spectrogram PNG goes next to it (same name, .png).", Required = true };

        var command = new Command("generate", "Generate a tempo-exact audio loop from a prompt (and optionally morph to a second prompt).")
        {
            prompt, to, alpha, seed, seedB, denoise, guidance, steps, scheduler, noise, seedPattern, seedImage, seedAudio, seedBpm, noSeed,
            mask, negative, bars, bpm, beatsPerBar, sampleRate, model, device, output,
        };
        command.SetAction((parse, cancellation) => CommandErrors.RunAsync(() =>
        {
            string? end = parse.GetValue(to);
            long startSeed = parse.GetValue(seed);
            var options = new GenerateOptions
            {
                Start = new PromptSettings(parse.GetRequiredValue(prompt), startSeed, parse.GetValue(denoise), parse.GetValue(guidance)),
                End = end is null ? null : new PromptSettings(end, parse.GetValue(seedB) ?? startSeed + 1, parse.GetValue(denoise), parse.GetValue(guidance)),
                EndSeed = parse.GetValue(seedB),
                Alpha = parse.GetValue(alpha),
                Steps = parse.GetValue(steps),
                Scheduler = parse.GetValue(scheduler),
                Noise = NoiseSource.FromName(parse.GetValue(noise)),
                SeedPattern = parse.GetValue(seedPattern),
                SeedImage = parse.GetValue(seedImage),
                SeedAudio = parse.GetValue(seedAudio),
                SeedBpm = parse.GetValue(seedBpm),
                NoSeed = parse.GetValue(noSeed),
                Mask = parse.GetValue(mask),
                Negative = parse.GetValue(negative) ?? string.Empty,
                Loop = Loop(parse.GetValue(bpm), parse.GetValue(bars), parse.GetValue(beatsPerBar), parse.GetValue(sampleRate)),
                Model = parse.GetValue(model),
                Device = parse.GetValue(device),
                Output = parse.GetRequiredValue(output),
            };
            return Task.FromResult(Run(options, cancellation));
        }));
        return command;
    }

    private static int Run(GenerateOptions o, CancellationToken cancellation)
    {
        Validate(o);
        ModelLocation location = Output.Stage("Locate the model", () => new ModelLocator().Locate(o.Model?.FullName));
        if (location.Message is not null)
        {
            Output.Errors.MarkupLine($"[yellow]note:[/] {Markup.Escape(location.Message)}");
        }

        using ModelFolder folder = Output.Stage($"Load the model ({location.FolderPath})", () => ModelFolder.Open(location.FolderPath, o.Device));
        if (folder.Description.Provider.FallbackMessage is { } fallback)
        {
            Output.Errors.MarkupLine($"[yellow]note:[/] {Markup.Escape(fallback)}");
        }

        var converter = new SpectrogramConverter();
        RgbImage? seedImage = Output.Stage("Prepare the seed image", () => SeedImage(o, converter));
        int width = SeedImages.Width(o.Loop.Bars, o.Loop.BeatsPerBar);
        RgbImage? maskImage = o.Mask is null ? null : MaskImages.FromSpec(o.Mask, width, SeedImages.Height);
        var request = new DiffusionRequest
        {
            Start = o.Start,
            End = o.End,
            Alpha = o.Alpha,
            Steps = o.Steps,
            Scheduler = o.Scheduler,
            Noise = o.Noise,
            NegativePrompt = o.Negative,
            SeedImage = seedImage,
            Mask = maskImage,
            Width = width,
            Height = SeedImages.Height,
        };
        request.Validate();
        RiffusionPipeline pipeline = RiffusionPipeline.Create(folder);
        DiffusionResult result = Diffuse(pipeline, request, cancellation);
        Output.Errors.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[green]✓[/] Diffusion: text {result.TextEncodingTime.TotalMilliseconds:0} ms, seed image {result.ImageEncodingTime.TotalMilliseconds:0} ms, "
            + $"{result.Timesteps.Count} steps {result.DenoisingTime.TotalMilliseconds:0} ms ({result.DenoisingTime.TotalMilliseconds / Math.Max(1, result.Timesteps.Count):0.0} ms/step, UNet {result.UNetTime.TotalMilliseconds:0} ms), decode {result.DecodingTime.TotalMilliseconds:0} ms"));

        var renderer = new LoopRenderer();
        MelSpectrogram[] channels = SpectrogramImageCodec.FromImage(result.Image, renderer.Parameters);
        AudioClip loop = Output.Stage($"Render {o.Loop.Bars} bar(s) at {o.Loop.Bpm.ToString(CultureInfo.InvariantCulture)} BPM", () => renderer.RenderLoop(channels, o.Loop, cancellation));
        string wav = o.Output.FullName;
        string png = Path.ChangeExtension(wav, ".png");
        Output.Stage("Write the WAV and PNG", () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(wav)!);
            WavFile.Write(wav, loop, new WavWriteOptions { Metadata = WavMetadata.ForLoop(o.Loop.Bpm, o.Loop.Beats, loop.Length, o.Loop.BeatsPerBar) });
            PngFile.Write(png, result.Image, SpectrogramParameters.Riffusion);
            return 0;
        });

        if (location.IsTinyModel)
        {
            Output.Errors.MarkupLine($"[yellow]note:[/] {Markup.Escape(location.Message ?? ModelLocator.TinyModelMessage)}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{wav}: {loop.Length} samples ({loop.DurationSeconds:0.###} s, {o.Loop.Bars} bar(s) at {o.Loop.Bpm} BPM, {o.Loop.SampleRate} Hz)"));
        Console.WriteLine($"{png}: {result.Image.Width}×{result.Image.Height} spectrogram");
        return 0;
    }

    /// <summary>The loop, with range errors as one line naming the option.</summary>
    private static LoopSpec Loop(double bpm, int bars, int beatsPerBar, int sampleRate)
    {
        if (bars < 1 || bars > LoopSpec.MaxBars)
        {
            throw new ArgumentException($"--bars must lie in 1 … {LoopSpec.MaxBars}; got {bars}.");
        }

        try
        {
            return new LoopSpec(bpm, bars, beatsPerBar, sampleRate);
        }
        catch (ArgumentException e)
        {
            // Drop the "(Parameter 'x')" and "Actual value was" lines the runtime appends.
            string message = e.Message.Split('\n')[0];
            int parameter = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            throw new ArgumentException(parameter > 0 ? message[..parameter] : message);
        }
    }

    private static void Validate(GenerateOptions o)
    {
        int seeds = (o.SeedPattern is null ? 0 : 1) + (o.SeedImage is null ? 0 : 1) + (o.SeedAudio is null ? 0 : 1) + (o.NoSeed ? 1 : 0);
        if (seeds > 1)
        {
            throw new ArgumentException("Give at most one of --seed-pattern, --seed-image, --seed-audio and --no-seed.");
        }

        if (o.NoSeed && o.Mask is not null)
        {
            throw new ArgumentException("--mask needs a seed image; it cannot be used with --no-seed.");
        }

        if (o.EndSeed is not null && o.End is null)
        {
            throw new ArgumentException("--seed-b is the seed of the --to prompt; give --to as well.");
        }

        if (o.Scheduler is not null && !SchedulerFactory.Names.Contains(o.Scheduler.Trim().ToLowerInvariant()))
        {
            throw new ArgumentException($"Unknown scheduler '{o.Scheduler}'; choose one of {string.Join(", ", SchedulerFactory.Names)}.");
        }

        if (o.SeedPattern is not null)
        {
            SeedPatternCatalog.Get(o.SeedPattern);
        }

        new DiffusionRequest { Start = o.Start, End = o.End, Alpha = o.Alpha, Steps = o.Steps }.Validate();
    }

    private static RgbImage? SeedImage(GenerateOptions o, SpectrogramConverter converter)
    {
        int bars = o.Loop.Bars, beats = o.Loop.BeatsPerBar;
        if (o.NoSeed)
        {
            return null;
        }

        if (o.SeedImage is not null)
        {
            return SeedImages.FitPicture(PngFile.Read(o.SeedImage.FullName).Image, bars, beats);
        }

        if (o.SeedAudio is not null)
        {
            return SeedImages.FromAudio(WavFile.Read(o.SeedAudio.FullName).Clip, bars, beats, o.SeedBpm, converter);
        }

        return SeedImages.FromPattern(SeedPatternCatalog.Get(o.SeedPattern ?? DefaultSeedPattern), bars, beats, converter);
    }

    private static DiffusionResult Diffuse(RiffusionPipeline pipeline, DiffusionRequest request, CancellationToken cancellation)
    {
        DiffusionResult? result = null;
        Output.Errors.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("Denoising", maxValue: request.Steps);
                result = pipeline.Generate(request, new StepProgress(task), cancellation);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    /// <summary>Moves the progress bar on each denoising step.</summary>
    private sealed class StepProgress(ProgressTask task) : IProgress<DiffusionProgress>
    {
        public void Report(DiffusionProgress value)
        {
            task.MaxValue = value.TotalSteps;
            task.Value = value.Step;
        }
    }

    /// <summary>The parsed command line.</summary>
    private sealed record GenerateOptions
    {
        public required PromptSettings Start { get; init; }

        public PromptSettings? End { get; init; }

        public long? EndSeed { get; init; }

        public double Alpha { get; init; }

        public int Steps { get; init; }

        public string? Scheduler { get; init; }

        public NoiseSource Noise { get; init; } = NoiseSource.Portable;

        public string? SeedPattern { get; init; }

        public FileInfo? SeedImage { get; init; }

        public FileInfo? SeedAudio { get; init; }

        public double? SeedBpm { get; init; }

        public bool NoSeed { get; init; }

        public string? Mask { get; init; }

        public required string Negative { get; init; }

        public required LoopSpec Loop { get; init; }

        public DirectoryInfo? Model { get; init; }

        public ExecutionDevice Device { get; init; }

        public required FileInfo Output { get; init; }
    }
}
