namespace RiffusionVst.Engine.Tests.Cli.Process;

/// <summary>
/// Every command run as a real process with a mistake a user makes: one error line, the README's exit code, no stack
/// trace or .NET type name, no file left behind, and no work started (the command ends far sooner than the generation
/// it carries the options of, measured in the same run).
/// </summary>
[Collection(CliProcessCollection.Name)]
public class BadInputTests(CliProcessFixture fixture) : IClassFixture<CliProcessFixture>
{
    // {in}: the fixture's input files; {out}: a fresh empty folder that must stay empty; {model}: the tiny model;
    // {work}: the options of the fixture's baseline generation; {pipe}: a name no engine serves.
    public static TheoryData<string, int, string> Rows => new()
    {
        // Ranges (the protocol's limits, checked by the parser).
        { "generate x --bars 0 --steps 100 -o {out}/a.wav --model {model}", 2, "--bars must be 1 to 8; got 0." },
        { "generate x --bars 9 --steps 100 -o {out}/a.wav --model {model}", 2, "--bars must be 1 to 8; got 9." },
        { "generate x {work} --bpm 0 -o {out}/a.wav --model {model}", 2, "--bpm must be above 0 and at most 999; got 0." },
        { "generate x --steps 501 --bars 8 -o {out}/a.wav --model {model}", 2, "--steps must be 1 to 500; got 501." },
        { "generate x {work} --guidance 50.5 -o {out}/a.wav --model {model}", 2, "--guidance must be 0 to 50; got 50.5." },
        { "generate x {work} --beats-per-bar 17 -o {out}/a.wav --model {model}", 2, "--beats-per-bar must be 1 to 16; got 17." },
        { "generate x {work} --sample-rate 7999 -o {out}/a.wav --model {model}", 2, "--sample-rate must be 8000 to 384000; got 7999." },
        { "generate x {work} --alpha 1.5 -o {out}/a.wav --model {model}", 2, "--alpha must be 0 to 1; got 1.5." },
        { "generate x {work} --bpm fast -o {out}/a.wav --model {model}", 2, "--bpm takes a number such as 120; got 'fast'." },
        { "generate x {work} --seed-audio {in}/beat.wav --seed-bpm 0.0001 -o {out}/a.wav --model {model}", 2, "--seed-bpm 0.0001 makes 4 bar(s) of seed audio 160000 minutes long; give the clip's real tempo." },
        { "img2audio {in}/beat.png {out}/a.wav --iterations 1001", 2, "--iterations must be 0 to 1000; got 1001." },
        { "img2audio {in}/beat.png {out}/a.wav --bpm 0.01 --bars 8", 2, "8 bar(s) of 4 at 0.01 BPM and 44100 Hz is 8467200000 samples, over the 15728640 a loop may have; use fewer bars, a faster tempo or a lower sample rate." },
        { "seed boom-bap --bars 100 -o {out}/s.png", 2, "--bars must be 1 to 8; got 100." },
        { "prompt --slot 9 --instance 3fa8 dub --pipe {pipe}", 2, "--slot must be 1 to 8; got 9." },
        // Kinds of file.
        { "img2audio {in}/fake.png {out}/a.wav", 1, "input fake.png is not a PNG image; give a spectrogram PNG (e.g. one written by audio2img or generate)." },
        { "img2audio {in}/missing.png {out}/a.wav", 1, "input {in}/missing.png does not exist; check the path." },
        { "img2audio {in}/folder.png {out}/a.wav", 1, "input {in}/folder.png is a folder; give a file." },
        { "audio2img {in}/beat.png {out}/a.png", 1, "input beat.png is not a WAV, AIFF or MP3 file; convert it to WAV (16/24/32-bit PCM or float) first." },
        { "score {in}/beat.wav {in}/beat.png", 1, "image beat.wav is not a PNG image; give a spectrogram PNG (e.g. one written by audio2img or generate)." },
        { "generate x {work} --seed-image {in}/fake.png -o {out}/a.wav --model {model}", 1, "--seed-image fake.png is not a PNG image; give a spectrogram PNG (e.g. one written by audio2img or generate)." },
        { "generate x {work} --seed-audio {in}/fake.wav -o {out}/a.wav --model {model}", 1, "--seed-audio fake.wav is not a WAV, AIFF or MP3 file; convert it to WAV (16/24/32-bit PCM or float) first." },
        { "generate x {work} --model {in}/no-such-model -o {out}/a.wav", 1, "--model {in}/no-such-model does not exist; check the path." },
        { "model check {in}/afile", 1, "folder {in}/afile is a file, not a folder; give the folder that holds it." },
        // Output paths.
        { "generate x {work} -o {out}/a.mp3 --model {model}", 1, "-o a.mp3: this command writes a WAV file; give a file name ending in .wav." },
        { "generate x {work} -o {in}/afile/sub/a.wav --model {model}", 1, "-o: cannot make the folder {in}/afile/sub, because {in}/afile is a file; choose another path." },
        { "audio2img {in}/beat.wav {out}/a.wav", 1, "output a.wav: this command writes a PNG image; give a file name ending in .png." },
        { "img2audio {in}/beat.png {in}/folder.png", 1, "output {in}/folder.png is a folder; give a file name ending in .wav." },
        { "seed boom-bap -o {out}/s.wav", 1, "-o s.wav: this command writes a PNG image; give a file name ending in .png." },
        { "render x -o {out}/r.txt --pipe {pipe}", 1, "-o r.txt: this command writes a WAV file; give a file name ending in .wav." },
        { "render x --noise numpy -o {out}/r.wav --pipe {pipe}", 2, "--noise 'numpy' is not known; use one of: portable, riffusion, riffusion-avx2." },
        // Names and spellings.
        { "generate x {work} --scheduler euler-ancestral -o {out}/a.wav --model {model}", 2, "--scheduler 'euler-ancestral' is not known; use one of: pndm, ddim, dpmpp2m, euler, lcm." },
        { "generate x {work} --seed-pattern polka -o {out}/a.wav --model {model}", 2, "--seed-pattern 'polka' is not known; use one of: four-on-the-floor, boom-bap, half-time, breakbeat, shuffle, none." },
        { "generate x {work} --device tpu -o {out}/a.wav --model {model}", 2, "--device 'tpu' is not known; use one of: auto, cpu, cuda, dml, coreml." },
        { "img2audio {in}/beat.png {out}/a.wav --format mp3", 2, "--format 'mp3' is not known; use one of: float32, pcm24, pcm16." },
        { "img2audio {in}/beat.png {out}/a.wav --init magic", 2, "--init 'magic' is not known; use one of: pghi, random, zero." },
        { "seed none -o {out}/s.png", 2, "'none' means no seed image (text-to-image from noise), so there is nothing to write; use one of: four-on-the-floor, boom-bap, half-time, breakbeat, shuffle." },
        // Usage.
        { "generate x {work} --mask top --no-seed -o {out}/a.wav --model {model}", 2, "--mask needs a seed image to keep parts of; it cannot be used without one (--no-seed or --seed-pattern none)." },
        { "generate x {work} --seed-b 3 -o {out}/a.wav --model {model}", 2, "--seed-b is the seed of the --to prompt; give --to as well." },
        { "generate x {work} --model {model}", 2, "Option '--output' is required." },
        { "frobnicate", 2, "Unrecognized command or argument 'frobnicate'." },
        // The service: checked before it loads a model or takes the pipe name.
        { "serve --diffusion-jobs 0 --pipe {pipe}", 2, "--diffusion-jobs must be 1 to 16; got 0." },
        { "serve --no-diffusion --clips {in}/afile --pipe {pipe}", 1, "--clips {in}/afile is a file; give a folder." },
        { "serve --model {in}/no-such-model --pipe {pipe}", 1, "--model {in}/no-such-model does not exist; check the path." },
        { "serve --no-diffusion --model {model} --pipe {pipe}", 2, "--no-diffusion loads no model, so --model would have no effect; leave one of them out." },
        // No engine to talk to.
        { "render x {work} -o {out}/r.wav --pipe {pipe}", 1, "No engine is running on pipe '{pipe}'; start one with 'riffusion-engine serve' (or check --pipe)." },
        { "instances --pipe {pipe}", 1, "No engine is running on pipe '{pipe}'; start one with 'riffusion-engine serve' (or check --pipe)." },
    };

    [Fact]
    public void The_baseline_generation_succeeds_and_prints_its_seed()
    {
        Assert.True(fixture.Baseline.ExitCode == 0, fixture.Baseline.ToString());
        Assert.True(fixture.BaselineWrote);
        Assert.Contains("seed 1 (the same loop again: --seed 1)", fixture.Baseline.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_mistake_costs_one_line_the_right_exit_code_no_files_and_no_work(string commandLine, int exitCode, string message)
    {
        string output = fixture.NewOutputFolder();
        string pipe = "rvt-cli-" + Guid.NewGuid().ToString("N")[..12];
        string Fill(string text) => text
            .Replace("{work}", string.Join(' ', CliProcessFixture.Work), StringComparison.Ordinal)
            .Replace("{in}", fixture.In, StringComparison.Ordinal)
            .Replace("{out}", output, StringComparison.Ordinal)
            .Replace("{model}", fixture.Model, StringComparison.Ordinal)
            .Replace("{pipe}", pipe, StringComparison.Ordinal);
        string[] args = Fill(commandLine).Split(' ');

        var result = EngineCommand.Run(args);

        Assert.True(exitCode == result.ExitCode, result.ToString());
        AssertOneCleanError(result, Fill(message).Replace('/', Path.DirectorySeparatorChar));
        // Bad usage is followed by the command's usage line (never the whole help); bad input by nothing more.
        Assert.Equal(exitCode == 2 ? 1 : 0, result.ErrorLines.Count(l => l.StartsWith("usage: riffusion-engine", StringComparison.Ordinal)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
        Assert.DoesNotContain(result.ErrorLines, l => l.StartsWith('✓'));
        // Far below the work: half the baseline's wall time, measured moments ago on the same machine.
        Assert.True(result.Wall < fixture.Baseline.Wall / 2, $"{result.Wall.TotalMilliseconds:0} ms vs the work's {fixture.Baseline.Wall.TotalMilliseconds:0} ms\n{result}");
    }

    [Theory]
    [InlineData(EngineCommand.SigInt)]
    [InlineData(EngineCommand.SigTerm)]
    public void Ctrl_C_or_SIGTERM_during_the_work_stops_it_says_cancelled_and_leaves_no_file(int signal)
    {
        if (OperatingSystem.IsWindows())
            return; // No POSIX signals to send there.
        string output = fixture.NewOutputFolder();

        var result = EngineCommand.Run(
            ["generate", "lofi piano", "--steps", "500", "--bars", "8", "--seed", "1", "--model", fixture.Model, "-o", Path.Combine(output, "sub", "a.wav")],
            signalWhen: line => line.Contains("Load the model", StringComparison.Ordinal),
            signal: signal);

        Assert.True(result.ExitCode == 130, result.ToString());
        AssertOneCleanError(result, "cancelled.");
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
        Assert.NotNull(result.AfterSignal);
        Assert.True(result.AfterSignal < fixture.Baseline.Wall / 2, result.ToString());
    }

    private static void AssertOneCleanError(EngineCommand.Result result, string message)
    {
        var errors = result.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.ToString());
        Assert.Equal("error: " + message, errors[0]);
        Assert.DoesNotContain(result.ErrorLines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", result.StandardError, StringComparison.Ordinal);
    }
}
