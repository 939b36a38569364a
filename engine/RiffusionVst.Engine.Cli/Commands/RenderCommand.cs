using System.CommandLine;
using System.Globalization;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Cli.Options;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;
using RiffusionVst.Protocol.Validation;
using Spectre.Console;
using Progress = RiffusionVst.Protocol.Messages.Progress;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary>
/// <c>render "PROMPT" -o OUT.wav</c>: asks a running <c>serve</c> for one loop exactly as a plugin does — handshake,
/// a RenderRequest, progress from the engine's Progress frames, Cancel on Ctrl+C — and writes the LoopReady to OUT
/// (its spectrogram beside it); the engine also files it in its clip library, as for every loop it delivers.
/// </summary>
internal static class RenderCommand
{
    /// <summary>How long Ctrl+C waits for the engine to confirm the Cancel before the command ends anyway.</summary>
    public static readonly TimeSpan CancelPatience = TimeSpan.FromMilliseconds(400);

    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = "What to generate, e.g. \"funk bass, (jazz piano:1.2)\"." };
        var to = new Option<string?>("--to") { Description = "A second prompt to morph towards (alpha 1 is this prompt)." };
        var alpha = CommonOptions.Alpha();
        var seed = CommonOptions.Seed();
        var seedB = CliOptions.Seed("--seed-b", "Seed of the --to prompt's noise (default: --seed + 1)");
        var denoise = CommonOptions.Denoise();
        var guidance = CommonOptions.Guidance();
        var steps = CommonOptions.Steps();
        var scheduler = CommonOptions.Scheduler();
        var noise = CommonOptions.Noise();
        var seedPattern = CommonOptions.SeedPattern($" (default: {SeedPatternNames.Default})");
        var negative = new Option<string>("--negative") { Description = "Negative prompt (the unconditional side of guidance).", DefaultValueFactory = _ => string.Empty };
        var bars = CommonOptions.Bars();
        var bpm = CommonOptions.Bpm();
        var beatsPerBar = CommonOptions.BeatsPerBar();
        var sampleRate = CommonOptions.SampleRate();
        var mono = new Option<bool>("--mono") { Description = "Ask for one channel instead of two." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "WAV to write; the spectrogram PNG goes next to it (same name, .png).", Required = true, HelpName = "OUT.wav" };
        var pipe = EngineCalls.PipeOption();
        var command = new Command("render", "Render a loop through a running 'riffusion-engine serve', exactly as the plugin asks for one (try the service without a DAW).")
        {
            prompt, to, alpha, seed, seedB, denoise, guidance, steps, scheduler, noise, seedPattern, negative, bars, bpm, beatsPerBar, sampleRate, mono, output, pipe,
        };
        command.SetAction(parse => CommandRunner.Run(cancellation =>
        {
            string textA = parse.GetRequiredValue(prompt);
            string? textB = parse.GetValue(to);
            if (parse.GetValue(seedB) is not null && textB is null)
                throw CliException.Usage("--seed-b is the seed of the --to prompt; give --to as well.");
            long seedA = parse.GetValue(seed) ?? Random.Shared.NextInt64(0, 1L << 32);
            long seedEnd = parse.GetValue(seedB) ?? seedA + 1;
            var request = new RenderRequest
            {
                RequestId = 1,
                PromptA = new PromptSpec { Text = textA, Seed = seedA, Denoising = (float)parse.GetValue(denoise), Guidance = (float)parse.GetValue(guidance) },
                PromptB = new PromptSpec { Text = textB ?? textA, Seed = textB is null ? seedA : seedEnd, Denoising = (float)parse.GetValue(denoise), Guidance = (float)parse.GetValue(guidance) },
                NegativePrompt = parse.GetValue(negative) ?? "",
                Alpha = (float)parse.GetValue(alpha),
                Steps = parse.GetValue(steps),
                Scheduler = parse.GetValue(scheduler) ?? SchedulerNames.Pndm,
                Noise = parse.GetValue(noise) ?? NoiseNames.Portable,
                SeedPattern = parse.GetValue(seedPattern) ?? SeedPatternNames.Default,
                Bpm = parse.GetValue(bpm),
                Bars = parse.GetValue(bars),
                BeatsPerBar = parse.GetValue(beatsPerBar),
                SampleRate = parse.GetValue(sampleRate),
                Channels = parse.GetValue(mono) ? 1 : 2,
                IncludePng = true,
            };
            return RunAsync(request, parse.GetRequiredValue(output), parse.GetValue(pipe), cancellation);
        }));
        return command;
    }

    private static async Task<int> RunAsync(RenderRequest request, FileInfo output, string? pipe, CancellationToken cancellation)
    {
        // 1. Everything checked before the engine is asked: the protocol's own validator, the prompts, the outputs.
        if (MessageValidator.Validate(request) is { } problem)
            throw CliException.Usage(problem.Message);
        PromptWarnings.Warn((request.PromptA.Text, "the prompt"), (request.PromptB.Text != request.PromptA.Text ? request.PromptB.Text : null, "--to"));
        using OutputFiles outputs = OutputFiles.Prepare(
            (output.FullName, ".wav", "-o"),
            (Path.ChangeExtension(output.FullName, ".png"), ".png", "-o (its spectrogram PNG)"));

        // 2. The plugin's conversation: handshake, request, progress, loop.
        var (connection, welcome) = await EngineCalls.ConnectWithWelcomeAsync(pipe, cancellation).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (welcome.Model.IsTiny)
                Output.TinyModelNotice("the engine runs the tiny generated model (random weights): the loop is noise-like; install real weights for music (models/README.md).");
            if (welcome.Schedulers.Count > 0 && !welcome.Schedulers.Contains(request.Scheduler, StringComparer.OrdinalIgnoreCase))
                throw CliException.Usage($"This engine has no scheduler '{request.Scheduler}'; use one of: {string.Join(", ", welcome.Schedulers)}.");

            await connection.SendAsync(request, cancellation).ConfigureAwait(false);
            LoopReady loop;
            try
            {
                loop = await ReceiveAsync(connection, request, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                await CancelAsync(connection, request.RequestId).ConfigureAwait(false);
                throw;
            }

            // 3. Both files at once.
            var clip = new AudioClip(loop.SampleRate, loop.Pcm);
            var metadata = WavMetadata.ForLoop(loop.Bpm, loop.Bars * loop.BeatsPerBar, clip.Length, loop.BeatsPerBar);
            WavFile.Write(outputs.Temp(0), clip, new WavWriteOptions { Metadata = metadata });
            if (loop.Png is { Length: > 0 } png)
                await File.WriteAllBytesAsync(outputs.Temp(1), png, CancellationToken.None).ConfigureAwait(false);
            outputs.Commit(cancellation);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outputs.Final(0)}: {clip.Length} samples ({clip.DurationSeconds:0.###} s, {loop.Bars} bar(s) at {loop.Bpm} BPM, {loop.SampleRate} Hz)"));
            Console.WriteLine($"{outputs.Final(1)}: spectrogram");
            if (loop.ClipPath is { Length: > 0 } library)
                Console.WriteLine($"clip library: {library}");
            Console.WriteLine(request.PromptA.Text == request.PromptB.Text
                ? $"seed {request.PromptA.Seed} (the same loop again: --seed {request.PromptA.Seed})"
                : $"seeds {request.PromptA.Seed} and {request.PromptB.Seed} (the same loop again: --seed {request.PromptA.Seed} --seed-b {request.PromptB.Seed})");
            return 0;
        }
    }

    // The engine reports every step; the bar follows it (on a terminal), or one line per stage (in a log).
    private static async Task<LoopReady> ReceiveAsync(PipeConnection connection, RenderRequest request, CancellationToken cancellation)
    {
        bool Mine(LoopReady l) => l.RequestId == request.RequestId;
        if (!Output.Interactive)
        {
            ProgressStage? last = null;
            return await EngineCalls.AwaitAsync<LoopReady>(connection, Mine, cancellation, Timeout.InfiniteTimeSpan, m =>
            {
                if (m is Progress p && p.RequestId == request.RequestId && p.Stage != last)
                {
                    last = p.Stage;
                    Output.Errors.MarkupLine($"[grey]engine: {Markup.Escape(StageText(p.Stage))}[/]");
                }
            }).ConfigureAwait(false);
        }

        LoopReady? result = null;
        await Output.Errors.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("Queued", maxValue: request.Steps);
                result = await EngineCalls.AwaitAsync<LoopReady>(connection, Mine, cancellation, Timeout.InfiniteTimeSpan, m =>
                {
                    if (m is not Progress p || p.RequestId != request.RequestId)
                        return;
                    task.Description = StageText(p.Stage);
                    if (p.Stage == ProgressStage.Diffusing && p.Total > 0)
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Step;
                    }
                }).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result!;
    }

    // Ctrl+C: tell the engine at once (so its job stops at the next step), wait briefly for its confirmation.
    private static async Task CancelAsync(PipeConnection connection, long requestId)
    {
        try
        {
            using var patience = new CancellationTokenSource(CancelPatience);
            await connection.SendAsync(new Cancel { RequestId = requestId }, patience.Token).ConfigureAwait(false);
            while (true)
            {
                Message message = await connection.Incoming.ReadAsync(patience.Token).ConfigureAwait(false);
                if (message is ErrorMessage { Code: ErrorCode.Cancelled } error && error.RequestId == requestId)
                    return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Threading.Channels.ChannelClosedException)
        {
            // The engine may be gone or slow; the command is cancelled either way.
        }
    }

    private static string StageText(ProgressStage stage) => stage switch
    {
        ProgressStage.Queued => "queued",
        ProgressStage.EncodingPrompt => "encoding the prompts",
        ProgressStage.EncodingSeed => "encoding the seed",
        ProgressStage.Diffusing => "denoising",
        ProgressStage.Decoding => "decoding the image",
        ProgressStage.Reconstructing => "reconstructing the audio",
        ProgressStage.Finishing => "finishing",
        _ => stage.ToString().ToLowerInvariant(),
    };
}
