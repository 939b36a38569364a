using System.CommandLine;
using System.Globalization;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Cli.Options;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.Text;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;
using Spectre.Console;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary>
/// <c>generate "PROMPT" -o OUT.wav</c>: a tempo-exact loop from a prompt (or a morph between two prompts), written as a WAV
/// with tempo and loop chunks, plus the spectrogram PNG beside it. Works without any model installed (tiny model).
/// </summary>
/// <remarks>Everything is checked before the model is loaded; the WAV and PNG are written together or not at all.</remarks>
internal static class GenerateCommand
{
    /// <summary>The seed pattern used when no seed is named.</summary>
    public const string DefaultSeedPattern = SeedPatternNames.Default;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = $"What to generate, e.g. \"funk bass, (jazz piano:1.2)\". At most {PromptEncoder.MaxTokens} tokens; (word) ×1.1, [word] ÷1.1, (word:1.3) weights." };
        var to = new Option<string?>("--to") { Description = "A second prompt to morph towards (alpha 1 is this prompt)." };
        var alpha = CommonOptions.Alpha();
        var seed = CommonOptions.Seed();
        var seedB = CliOptions.Seed("--seed-b", "Seed of the --to prompt's noise (default: --seed + 1)");
        var denoise = CommonOptions.Denoise();
        var guidance = CommonOptions.Guidance();
        var steps = CommonOptions.Steps();
        var scheduler = CommonOptions.Scheduler();
        var seedPattern = CommonOptions.SeedPattern($" (default: {DefaultSeedPattern}, unless another seed is given)");
        var noise = CommonOptions.Noise();
        var seedImage = new Option<FileInfo?>("--seed-image") { Description = "Seed spectrogram PNG (512 rows); fitted to the bar count." };
        var seedAudio = new Option<FileInfo?>("--seed-audio") { Description = "Seed audio (WAV, AIFF or MP3); its first --bars bars at --seed-bpm (or the whole clip) become the seed image." };
        var seedBpm = CliOptions.OptionalNumber("--seed-bpm", "Tempo of --seed-audio; without it the whole clip counts as --bars bars", 0, ProtocolLimits.MaxBpm, aboveMin: true);
        var noSeed = new Option<bool>("--no-seed") { Description = $"Text-to-image from pure noise, the same as --seed-pattern {SeedPatternNames.None} (the tempo is then not locked)." };
        var noDiffusion = new Option<bool>("--no-diffusion") { Description = "Load no model: the loop is the seed's own sound (for trying the rest of the path without weights)." };
        var mask = new Option<string?>("--mask") { Description = $"Repaint only part of the seed: {MaskImages.SpecHelp}. White repaints." };
        var negative = new Option<string>("--negative") { Description = "Negative prompt (the unconditional side of guidance).", DefaultValueFactory = _ => string.Empty };
        var bars = CommonOptions.Bars();
        var bpm = CommonOptions.Bpm();
        var beatsPerBar = CommonOptions.BeatsPerBar();
        var sampleRate = CommonOptions.SampleRate();
        var model = new Option<DirectoryInfo?>("--model") { Description = $"Model folder. Default: ${ModelLocator.EnvironmentVariable}, else the per-user models folder, else the tiny generated model." };
        var device = CommonOptions.Device(ExecutionDevice.Cpu);
        var output = new Option<FileInfo>("--output", "-o") { Description = "WAV to write; the spectrogram PNG goes next to it (same name, .png).", Required = true, HelpName = "OUT.wav" };

        var command = new Command("generate", "Generate a tempo-exact audio loop from a prompt (and optionally morph to a second prompt).")
        {
            prompt, to, alpha, seed, seedB, denoise, guidance, steps, scheduler, noise, seedPattern, seedImage, seedAudio, seedBpm, noSeed, noDiffusion,
            mask, negative, bars, bpm, beatsPerBar, sampleRate, model, device, output,
        };
        command.SetAction(parse => CommandRunner.Run(cancellation =>
        {
            var options = new GenerateOptions
            {
                Prompt = parse.GetRequiredValue(prompt),
                To = parse.GetValue(to),
                Seed = parse.GetValue(seed),
                EndSeed = parse.GetValue(seedB),
                Denoising = parse.GetValue(denoise),
                Guidance = parse.GetValue(guidance),
                Alpha = parse.GetValue(alpha),
                Steps = parse.GetValue(steps),
                Scheduler = parse.GetValue(scheduler),
                Noise = NoiseSource.FromName(parse.GetValue(noise)),
                SeedPattern = parse.GetValue(seedPattern),
                SeedImage = parse.GetValue(seedImage),
                SeedAudio = parse.GetValue(seedAudio),
                SeedBpm = parse.GetValue(seedBpm),
                NoSeed = parse.GetValue(noSeed),
                NoDiffusion = parse.GetValue(noDiffusion),
                Mask = parse.GetValue(mask),
                Negative = parse.GetValue(negative) ?? string.Empty,
                Loop = CommonOptions.Loop(parse.GetValue(bpm), parse.GetValue(bars), parse.GetValue(beatsPerBar), parse.GetValue(sampleRate), channels: 1),
                Model = parse.GetValue(model),
                Device = parse.GetValue(device),
                Output = parse.GetRequiredValue(output),
            };
            return Run(options, cancellation);
        }));
        return command;
    }

    private static int Run(GenerateOptions o, CancellationToken cancellation)
    {
        // 1. Everything the user gave, before any work.
        Validate(o);
        PromptWarnings.Warn((o.Prompt, "the prompt"), (o.To, "--to"), (o.Negative.Length > 0 ? o.Negative : null, "--negative"));
        using OutputFiles outputs = OutputFiles.Prepare(
            (o.Output.FullName, ".wav", "-o"),
            (Path.ChangeExtension(o.Output.FullName, ".png"), ".png", "-o (its spectrogram PNG)"));
        long startSeed = o.Seed ?? Random.Shared.NextInt64(0, 1L << 32);
        long endSeed = o.EndSeed ?? startSeed + 1;
        var start = new PromptSettings(o.Prompt, startSeed, o.Denoising, o.Guidance);
        PromptSettings? end = o.To is null ? null : new PromptSettings(o.To, endSeed, o.Denoising, o.Guidance);
        cancellation.ThrowIfCancellationRequested();

        // 2. The seed image and mask (cheap: DSP only).
        var seeds = new SeedImageSource();
        (SeedDescription seed, RgbImage? seedImage) = Output.Stage("Prepare the seed image", () =>
        {
            SeedDescription described = Seed(o);
            return (described, seeds.Image(described, o.Loop.Bars, o.Loop.BeatsPerBar));
        });
        int width = SeedImages.Width(o.Loop.Bars, o.Loop.BeatsPerBar);
        RgbImage? maskImage = o.Mask is null || seedImage is null ? null : MaskImages.FromSpec(o.Mask, width, SeedImages.Height);
        cancellation.ThrowIfCancellationRequested();

        // 3. The image: diffusion, or the seed itself.
        ModelLocation? location = null;
        RgbImage image;
        if (o.NoDiffusion)
        {
            image = seedImage ?? seeds.OwnSound(seed, o.Loop.Bars, o.Loop.BeatsPerBar);
            Output.Note("--no-diffusion: no model was loaded; the loop is the seed's own sound.");
        }
        else
        {
            location = Output.Stage("Locate the model", () => new ModelLocator().Locate(o.Model?.FullName));
            if (location.Message is not null)
                Output.TinyModelNotice(location.Message);
            CheckPromptLengths(location.FolderPath, start, end, o.Negative);
            var request = new DiffusionRequest
            {
                Start = start,
                End = end,
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
            cancellation.ThrowIfCancellationRequested();
            using ModelFolder folder = Output.Stage($"Load the model ({location.FolderPath})", () => ModelFolder.Open(location.FolderPath, o.Device));
            if (folder.Description.Provider.FallbackMessage is { } fallback)
                Output.Note(fallback);
            cancellation.ThrowIfCancellationRequested();
            DiffusionResult result = Diffuse(RiffusionPipeline.Create(folder), request, cancellation);
            Output.Errors.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"[green]✓[/] Diffusion: text {result.TextEncodingTime.TotalMilliseconds:0} ms, seed image {result.ImageEncodingTime.TotalMilliseconds:0} ms, "
                + $"{result.Timesteps.Count} steps {result.DenoisingTime.TotalMilliseconds:0} ms ({result.DenoisingTime.TotalMilliseconds / Math.Max(1, result.Timesteps.Count):0.0} ms/step, UNet {result.UNetTime.TotalMilliseconds:0} ms), decode {result.DecodingTime.TotalMilliseconds:0} ms"));
            image = result.Image;
        }

        // 4. The loop, then both files at once.
        var renderer = new LoopRenderer();
        MelSpectrogram[] channels = SpectrogramImageCodec.FromImage(image, renderer.Parameters);
        AudioClip loop = Output.Stage($"Render {o.Loop.Bars} bar(s) at {o.Loop.Bpm.ToString(CultureInfo.InvariantCulture)} BPM", () => renderer.RenderLoop(channels, o.Loop, cancellation));
        Output.Stage("Write the WAV and PNG", () =>
        {
            WavFile.Write(outputs.Temp(0), loop, new WavWriteOptions { Metadata = WavMetadata.ForLoop(o.Loop.Bpm, o.Loop.Beats, loop.Length, o.Loop.BeatsPerBar) });
            PngFile.Write(outputs.Temp(1), image, SpectrogramParameters.Riffusion);
            outputs.Commit(cancellation);
            return 0;
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outputs.Final(0)}: {loop.Length} samples ({loop.DurationSeconds:0.###} s, {o.Loop.Bars} bar(s) at {o.Loop.Bpm} BPM, {o.Loop.SampleRate} Hz)"));
        Console.WriteLine($"{outputs.Final(1)}: {image.Width}×{image.Height} spectrogram");
        if (!o.NoDiffusion)
            Console.WriteLine(end is null ? $"seed {startSeed} (the same loop again: --seed {startSeed})" : $"seeds {startSeed} and {endSeed} (the same loop again: --seed {startSeed} --seed-b {endSeed})");
        return 0;
    }

    private static void Validate(GenerateOptions o)
    {
        bool noSeed = o.NoSeed || SeedPatternNames.IsNone(o.SeedPattern);
        int seeds = (o.SeedPattern is null ? 0 : 1) + (o.SeedImage is null ? 0 : 1) + (o.SeedAudio is null ? 0 : 1) + (o.NoSeed ? 1 : 0);
        if (seeds > 1)
            throw CliException.Usage("Give at most one of --seed-pattern, --seed-image, --seed-audio and --no-seed.");
        if (noSeed && o.Mask is not null)
            throw CliException.Usage("--mask needs a seed image to keep parts of; it cannot be used without one (--no-seed or --seed-pattern none).");
        if (noSeed && o.NoDiffusion)
            throw CliException.Usage("--no-diffusion plays the seed's own sound, and there is no seed; give a --seed-pattern, --seed-image or --seed-audio.");
        if (o.EndSeed is not null && o.To is null)
            throw CliException.Usage("--seed-b is the seed of the --to prompt; give --to as well.");
        if (o.SeedBpm is not null && o.SeedAudio is null)
            throw CliException.Usage("--seed-bpm is the tempo of --seed-audio; give --seed-audio as well.");
        if (o.NoDiffusion && (o.Model is not null || o.To is not null))
            throw CliException.Usage($"--no-diffusion loads no model, so {(o.Model is not null ? "--model" : "--to")} would have no effect; leave it out.");
        if (o.Prompt.Length > ProtocolLimits.MaxPromptLength || (o.To?.Length ?? 0) > ProtocolLimits.MaxPromptLength || o.Negative.Length > ProtocolLimits.MaxPromptLength)
            throw CliException.Usage($"A prompt may have at most {ProtocolLimits.MaxPromptLength} characters; shorten it.");

        if (o.SeedImage is not null)
            InputFiles.RequireSpectrogramPng(o.SeedImage.FullName, "--seed-image");
        if (o.SeedAudio is not null)
            InputFiles.RequireAudio(o.SeedAudio.FullName, "--seed-audio");
        if (o.SeedBpm is { } seedBpm)
        {
            // The seed slice is made in memory at the spectrogram rate: hold it to the longest loop there is.
            double samples = o.Loop.Beats * 60.0 / seedBpm * SpectrogramParameters.Riffusion.SampleRate;
            if (samples > ProtocolLimits.MaxLoopSamples(1))
                throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--seed-bpm {seedBpm} makes {o.Loop.Bars} bar(s) of seed audio {samples / SpectrogramParameters.Riffusion.SampleRate / 60:0} minutes long; give the clip's real tempo."));
        }

        if (o.Mask is not null)
        {
            if (MaskImages.IsBuiltIn(o.Mask))
                MaskImages.FromSpec(o.Mask, 8, 8);
            else
                InputFiles.RequirePng(o.Mask, "--mask");
        }

        if (o.Model is not null)
            InputFiles.RequireFolder(o.Model.FullName, "--model");
    }

    // The model takes at most 225 tokens a prompt; its tokenizer (two small files) says so before the model is loaded.
    private static void CheckPromptLengths(string modelFolder, PromptSettings start, PromptSettings? end, string negative)
    {
        ClipTokenizer tokenizer;
        try
        {
            tokenizer = ClipTokenizer.FromDirectory(Path.Combine(modelFolder, "tokenizer"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            return; // A broken folder gets its own clear error when the model is opened.
        }

        foreach (var (text, name) in new[] { (start.Prompt, "the prompt"), (end?.Prompt, "--to"), (negative, "--negative") })
        {
            if (text is not null && WeightedPromptTokens.Create(tokenizer, text).ChunkCount > PromptEncoder.MaxChunks)
                throw CliException.Usage($"{name} is too long for the model: it takes at most {PromptEncoder.MaxTokens} tokens (about 150 words); shorten it.");
        }
    }

    // Which seed the options name; what image each kind makes is the seed-image source's business.
    private static SeedDescription Seed(GenerateOptions o)
    {
        if (o.NoSeed)
            return SeedDescription.None;
        if (o.SeedImage is not null)
            return SeedDescription.FromPicture(PngFile.Read(o.SeedImage.FullName).Image);
        if (o.SeedAudio is not null)
            return SeedDescription.FromAudio(AudioFileReader.Read(o.SeedAudio.FullName), o.SeedBpm);
        return SeedDescription.FromPattern(o.SeedPattern);
    }

    private static DiffusionResult Diffuse(RiffusionPipeline pipeline, DiffusionRequest request, CancellationToken cancellation)
    {
        if (!Output.Interactive)
            return pipeline.Generate(request, null, cancellation);

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
        public required string Prompt { get; init; }

        public string? To { get; init; }

        public long? Seed { get; init; }

        public long? EndSeed { get; init; }

        public double Denoising { get; init; }

        public double Guidance { get; init; }

        public double Alpha { get; init; }

        public int Steps { get; init; }

        public string? Scheduler { get; init; }

        public NoiseSource Noise { get; init; } = NoiseSource.Portable;

        public string? SeedPattern { get; init; }

        public FileInfo? SeedImage { get; init; }

        public FileInfo? SeedAudio { get; init; }

        public double? SeedBpm { get; init; }

        public bool NoSeed { get; init; }

        public bool NoDiffusion { get; init; }

        public string? Mask { get; init; }

        public required string Negative { get; init; }

        public required LoopSpec Loop { get; init; }

        public DirectoryInfo? Model { get; init; }

        public ExecutionDevice Device { get; init; }

        public required FileInfo Output { get; init; }
    }
}
