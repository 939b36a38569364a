using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Tests.Diffusion.Model;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;
using RiffusionVst.Engine.Tests.Service;

namespace RiffusionVst.Engine.Tests.Cli.Process;

/// <summary><c>render</c> against a real server, and what <c>generate</c> promises about seeds, notices and --no-diffusion, run as real processes.</summary>
[Collection(CliProcessCollection.Name)]
public class RenderAndGenerateTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public async Task Render_asks_a_running_engine_like_a_plugin_and_the_loop_lands_at_OUT_and_in_the_clip_library()
    {
        await using var engine = await TestEngine.StartAsync(new PipelineImageGenerator(model.Model, "tiny test model"));
        using var folder = new TempFolder();
        string wav = Path.Combine(folder.Path, "out", "r.wav");

        var result = EngineCommand.Run(["render", "lofi piano", "--to", "jazz", "--alpha", "0.5", "--seed", "7", "--steps", "3", "--bars", "1", "--bpm", "120",
            "--sample-rate", "48000", "--seed-pattern", "Boom-Bap", "--scheduler", "DDIM", "-o", wav, "--pipe", engine.Server.PipeName]);

        Assert.True(result.ExitCode == 0, result.ToString());
        WavContents contents = WavFile.Read(wav);
        Assert.Equal(96_000, contents.Clip.Length); // one bar of 4/4 at 120 BPM, 48 kHz
        Assert.Equal(2, contents.Clip.ChannelCount);
        Assert.Equal(120, contents.Metadata.Tempo);
        Assert.Equal((256, 512), (PngFile.Read(Path.ChangeExtension(wav, ".png")).Image.Width, PngFile.Read(Path.ChangeExtension(wav, ".png")).Image.Height));
        string clip = Assert.Single(Directory.GetFiles(engine.ClipsFolder, "*.wav"));
        Assert.Contains($"clip library: {clip}", result.StandardOutput);
        Assert.Contains("seeds 7 and 8 (the same loop again: --seed 7 --seed-b 8)", result.StandardOutput);
        Assert.Contains(result.ErrorLines, l => l == "engine: denoising");
        Assert.Equal(1, engine.Counters.DiffusionRuns);
    }

    [Fact]
    public async Task Ctrl_C_during_a_render_sends_Cancel_to_the_engine_and_leaves_no_file()
    {
        if (OperatingSystem.IsWindows())
            return; // No POSIX signals to send there.
        await using var engine = await TestEngine.StartAsync(new PipelineImageGenerator(model.Model, "tiny test model"));
        using var folder = new TempFolder();
        string wav = Path.Combine(folder.Path, "out", "r.wav");

        var result = EngineCommand.Run(["render", "lofi piano", "--steps", "500", "--bars", "8", "-o", wav, "--pipe", engine.Server.PipeName],
            signalWhen: line => line == "engine: denoising");

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Equal("error: cancelled.", Assert.Single(result.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "out")));
        await WaitUntil(() => engine.Counters.CancelledRuns == 1);
        Assert.Empty(Directory.GetFiles(engine.ClipsFolder, "*.wav", SearchOption.AllDirectories));
    }

    [Fact]
    public void Two_generations_without_a_seed_differ_and_each_prints_the_seed_that_makes_it_again()
    {
        using var folder = new TempFolder();
        string[] Args(string name) => ["generate", "lofi piano", "--steps", "2", "--bars", "1", "--model", model.Path, "-o", Path.Combine(folder.Path, name)];

        var first = EngineCommand.Run(Args("a.wav"));
        var second = EngineCommand.Run(Args("b.wav"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        string SeedOf(EngineCommand.Result r) => r.StandardOutput.Split('\n').Single(l => l.StartsWith("seed ", StringComparison.Ordinal)).Split(' ')[1];
        Assert.NotEqual(SeedOf(first), SeedOf(second));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(folder.Path, "a.wav")), File.ReadAllBytes(Path.Combine(folder.Path, "b.wav")));

        var again = EngineCommand.Run(["generate", "lofi piano", "--steps", "2", "--bars", "1", "--model", model.Path, "--seed", SeedOf(first), "-o", Path.Combine(folder.Path, "c.wav")]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(WavFile.Read(Path.Combine(folder.Path, "a.wav")).Clip.Channels[0], WavFile.Read(Path.Combine(folder.Path, "c.wav")).Clip.Channels[0]);
    }

    [Fact]
    public void Without_a_model_the_tiny_model_notice_appears_once_and_warnings_name_what_was_probably_not_meant()
    {
        if (!OperatingSystem.IsLinux())
            return; // The per-user folders are moved with XDG variables, which only Linux reads.
        using var home = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["XDG_CACHE_HOME"] = Path.Combine(home.Path, "cache"),
            ["XDG_DATA_HOME"] = Path.Combine(home.Path, "data"),
            ["RIFFUSION_MODEL"] = "",
        };

        var result = EngineCommand.Run(["generate", "((((((((drums))))))))", "--steps", "2", "--bars", "1", "-o", Path.Combine(home.Path, "a.wav")], environment: environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.ErrorLines, l => l.Contains("tiny generated model", StringComparison.Ordinal));
        Assert.Contains("warning: the prompt weights a part by 2.14: weights outside 0.5–2 usually spoil the image; try (word:1.3).", result.ErrorLines);
    }

    [Fact]
    public void Generate_without_diffusion_plays_the_seeds_own_sound_and_loads_no_model()
    {
        using var folder = new TempFolder();
        string wav = Path.Combine(folder.Path, "nd.wav");

        var result = EngineCommand.Run(["generate", "", "--no-diffusion", "--seed-pattern", "SHUFFLE", "--bars", "1", "--bpm", "93.75", "-o", wav]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(112_896, WavFile.Read(wav).Clip.Length); // 4 beats at 93.75 BPM = 2.56 s at 44.1 kHz
        Assert.True(File.Exists(Path.ChangeExtension(wav, ".png")));
        Assert.DoesNotContain(result.ErrorLines, l => l.Contains("Load the model", StringComparison.Ordinal));
        Assert.Contains("warning: the prompt is empty: the model gets no words, so the loop is the seed's sound reshaped by noise.", result.ErrorLines);
    }

    [Fact]
    public void An_image_that_is_not_512_high_is_accepted_with_a_warning()
    {
        using var folder = new TempFolder();
        string png = Path.Combine(folder.Path, "small.png");
        PngFile.Write(png, new RgbImage(64, 100));

        var result = EngineCommand.Run(["img2audio", png, Path.Combine(folder.Path, "a.wav")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: small.png is 100 pixels high, not 512: it is probably not a Riffusion spectrogram; its rows will be resized to 512 mel bands.", result.ErrorLines);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TestEngine.Patience);
        while (!condition())
            await Task.Delay(20, limit.Token);
    }
}
