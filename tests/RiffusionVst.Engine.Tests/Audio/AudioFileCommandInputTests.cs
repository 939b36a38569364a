using System.CommandLine;
using RiffusionVst.Engine.Cli.Commands;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Audio;

/// <summary>The commands that read audio take MP3 and AIFF through <c>AudioFileReader</c>, and refuse what is not audio with exit code 1.</summary>
public sealed class AudioFileCommandInputTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "audio");

    private static int Invoke(params string[] args)
    {
        var root = new RootCommand { Audio2ImgCommand.Create(), ScoreCommand.Create() };
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void Audio2img_turns_a_stereo_mp3_into_a_stereo_image_of_its_encoded_second()
    {
        using var folder = new TempFolder();
        string png = Path.Combine(folder.Path, "tone.png");
        Assert.Equal(0, Invoke("audio2img", Path.Combine(Fixtures, "tone-44100-stereo.mp3"), png, "--stereo"));
        var image = PngFile.Read(png);
        Assert.Equal(101, image.Image.Width); // 1 + ⌊44 100 / 441⌋ columns: exactly the second that was encoded
        Assert.True(image.Parameters.Stereo);
    }

    [Fact]
    public void Score_reads_a_22050_hz_mp3_resampled_to_the_image_rate()
    {
        using var folder = new TempFolder();
        string mp3 = Path.Combine(Fixtures, "tone-22050-mono.mp3");
        string png = Path.Combine(folder.Path, "tone.png");
        Assert.Equal(0, Invoke("audio2img", mp3, png));
        Assert.Equal(101, PngFile.Read(png).Image.Width);
        Assert.Equal(0, Invoke("score", png, mp3));
    }

    [Fact]
    public void A_text_file_named_mp3_is_bad_input()
    {
        using var folder = new TempFolder();
        string fake = Path.Combine(folder.Path, "song.mp3");
        File.WriteAllText(fake, "not audio");
        Assert.Equal(1, Invoke("audio2img", fake, Path.Combine(folder.Path, "x.png")));
        Assert.False(File.Exists(Path.Combine(folder.Path, "x.png")));
    }
}
