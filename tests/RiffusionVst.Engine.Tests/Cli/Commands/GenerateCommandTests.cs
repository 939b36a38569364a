using RiffusionVst.Engine.Cli;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Cli.Commands;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Tests.Diffusion.Model;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Cli.Commands;

[Collection(ConsoleCollection.Name)]
public class GenerateCommandTests : IClassFixture<TinyModelFixture>
{
    private readonly string _model;

    public GenerateCommandTests(TinyModelFixture fixture) => _model = fixture.Path;

    private static int Invoke(params string[] args) => CommandLine.Run(args);

    [Fact]
    public void Generate_writes_a_loop_of_the_exact_length_and_its_spectrogram()
    {
        using var folder = new TempFolder();
        string wav = Path.Combine(folder.Path, "out", "loop.wav");
        int code = Invoke("generate", "funk bass", "--to", "jazz piano", "--alpha", "0.5", "--bars", "1", "--bpm", "120",
            "--steps", "4", "--seed-pattern", "boom-bap", "--mask", "top", "--model", _model, "-o", wav);

        Assert.Equal(0, code);
        WavContents contents = WavFile.Read(wav);

        // One bar of 4/4 at 120 BPM: 4 · 60/120 s · 44 100 Hz = 88 200 samples.
        Assert.Equal(88_200, contents.Clip.Length);
        Assert.Equal(44_100, contents.Clip.SampleRate);
        Assert.Equal(120, contents.Metadata.Tempo);
        Assert.Equal(4, contents.Metadata.Beats);
        Assert.Equal(88_199, contents.Metadata.LoopEnd);

        PngImage png = PngFile.Read(Path.Combine(folder.Path, "out", "loop.png"));
        Assert.Equal(256, png.Image.Width);
        Assert.Equal(512, png.Image.Height);
    }

    [Theory]
    [InlineData("--bars", "0")]
    [InlineData("--bars", "9")]
    [InlineData("--scheduler", "nope")]
    [InlineData("--seed-pattern", "polka")]
    [InlineData("--alpha", "2")]
    [InlineData("--denoise", "1.5")]
    [InlineData("--noise", "numpy")]
    public void Bad_values_exit_with_code_2(string option, string value)
    {
        using var folder = new TempFolder();
        Assert.Equal(2, Invoke("generate", "drums", option, value, "--model", _model, "-o", Path.Combine(folder.Path, "x.wav")));
        Assert.False(File.Exists(Path.Combine(folder.Path, "x.wav")));
    }

    [Fact]
    public void Noise_riffusion_gives_its_own_loop_and_the_same_one_every_time()
    {
        using var folder = new TempFolder();
        byte[] Run(string name, string noise)
        {
            string wav = Path.Combine(folder.Path, name + ".wav");
            Assert.Equal(0, Invoke("generate", "funk bass", "--bars", "1", "--steps", "2", "--seed", "7", "--noise", noise, "--model", _model, "-o", wav));
            return File.ReadAllBytes(Path.Combine(folder.Path, name + ".png"));
        }

        byte[] riffusion = Run("riffusion", "riffusion");
        Assert.Equal(riffusion, Run("again", "Riffusion"));
        Assert.NotEqual(riffusion, Run("portable", "portable"));
    }

    [Fact]
    public void A_prompt_beyond_225_tokens_exits_with_code_2()
    {
        using var folder = new TempFolder();
        string prompt = string.Join(' ', Enumerable.Repeat("drums", 226));
        Assert.Equal(2, Invoke("generate", prompt, "--no-seed", "--steps", "1", "--model", _model, "-o", Path.Combine(folder.Path, "x.wav")));
    }

    [Fact]
    public void Model_check_succeeds_on_the_tiny_model_and_fails_with_code_1_on_a_broken_folder()
    {
        Assert.Equal(0, Invoke("model", "check", _model));
        using var broken = new TempFolder();
        File.WriteAllText(Path.Combine(broken.Path, "model_index.json"), "{}");
        Assert.Equal(1, Invoke("model", "check", broken.Path));
    }
}
