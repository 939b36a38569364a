using RiffusionVst.Engine.Cli;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Cli.Commands;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Cli.Commands;

/// <summary>audio2img, img2audio and score run in-process on real files.</summary>
[Collection(ConsoleCollection.Name)]
public class SpectrogramCommandsTests
{
    private static int Invoke(params string[] args) => CommandLine.Run(args);

    private static string OneBarBeat(string folder)
    {
        string wav = Path.Combine(folder, "beat.wav");
        WavFile.Write(wav, SeedPatternRenderer.Render(SeedPatternCatalog.Get("four-on-the-floor"), bars: 1));
        return wav;
    }

    [Fact]
    public void Audio_to_image_to_a_tempo_exact_loop_with_its_tempo_in_the_file()
    {
        using var folder = new TempFolder();
        string png = Path.Combine(folder.Path, "beat.png");
        string loop = Path.Combine(folder.Path, "loop.wav");
        Assert.Equal(0, Invoke("audio2img", OneBarBeat(folder.Path), png, "--loop"));
        var image = PngFile.Read(png);
        Assert.Equal(256, image.Image.Width); // one native bar, periodic: N/441 columns
        Assert.True(image.HasParameters);

        Assert.Equal(0, Invoke("img2audio", png, loop, "--bpm", "120", "--sample-rate", "48000", "--format", "Pcm24"));
        var contents = WavFile.Read(loop);
        Assert.Equal(96_000, contents.Clip.Length); // 1 bar of 4/4 at 120 BPM, 48 kHz
        Assert.Equal(WavSampleFormat.Pcm24, contents.Format);
        Assert.Equal(120, contents.Metadata.Tempo);
        Assert.Equal(4, contents.Metadata.Beats);
        Assert.Equal(95_999, contents.Metadata.LoopEnd);
    }

    [Fact]
    public void A_plain_clip_scores_well_against_its_own_image()
    {
        using var folder = new TempFolder();
        string png = Path.Combine(folder.Path, "beat.png");
        string clip = Path.Combine(folder.Path, "clip.wav");
        Assert.Equal(0, Invoke("audio2img", OneBarBeat(folder.Path), png));
        Assert.Equal(0, Invoke("img2audio", png, clip));

        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, Invoke("score", png, clip));
        }
        finally
        {
            Console.SetOut(previous);
        }

        // "SC = -23.45 dB over 257 columns" (1 + ⌊112 896/441⌋): a faithful reconstruction is far below 0 dB.
        string line = output.ToString();
        double sc = double.Parse(line.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(sc, -60, -12);
        Assert.Contains("over 257 columns", line);
    }

    [Fact]
    public void Bad_files_and_values_fail_with_a_message_and_no_output()
    {
        using var folder = new TempFolder();
        string notPng = Path.Combine(folder.Path, "fake.png");
        File.WriteAllText(notPng, "this is not a picture");
        string output = Path.Combine(folder.Path, "out.wav");
        Assert.Equal(1, Invoke("img2audio", notPng, output));
        Assert.Equal(1, Invoke("img2audio", Path.Combine(folder.Path, "missing.png"), output));
        Assert.Equal(1, Invoke("audio2img", notPng, Path.Combine(folder.Path, "out.png")));
        Assert.False(File.Exists(output));

        string png = Path.Combine(folder.Path, "beat.png");
        Assert.Equal(0, Invoke("audio2img", OneBarBeat(folder.Path), png));
        Assert.Equal(2, Invoke("img2audio", png, output, "--bpm", "0"));
        Assert.Equal(2, Invoke("img2audio", png, output, "--bars", "1000"));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Stereo_needs_a_stereo_file()
    {
        using var folder = new TempFolder();
        Assert.Equal(2, Invoke("audio2img", OneBarBeat(folder.Path), Path.Combine(folder.Path, "x.png"), "--stereo"));
        string stereo = Path.Combine(folder.Path, "stereo.wav");
        var mono = SeedPatternRenderer.Render(SeedPatternCatalog.Get("shuffle"), bars: 1).Channels[0];
        WavFile.Write(stereo, new AudioClip(44_100, mono, mono.Select(s => -s).ToArray()));
        string png = Path.Combine(folder.Path, "stereo.png");
        Assert.Equal(0, Invoke("audio2img", stereo, png, "--stereo"));
        Assert.True(PngFile.Read(png).Parameters.Stereo);
    }
}
