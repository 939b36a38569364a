using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Tests.Diffusion.Pipeline;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Loops;

public class SeedImageSourceTests
{
    private static readonly SpectrogramConverter Converter = new();

    /// <summary>Half a second of a 220 Hz tone at 48 kHz, in stereo.</summary>
    private static AudioClip Tone()
    {
        float[] left = Enumerable.Range(0, 24_000).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 220 * i / 48_000))).ToArray();
        float[] right = left.Select(v => v * 0.25f).ToArray();
        return new AudioClip(48_000, left, right);
    }

    [Theory]
    [InlineData("none")]
    [InlineData(" None ")]
    public void The_pattern_none_in_any_spelling_is_no_seed_image(string name)
    {
        SeedDescription seed = SeedDescription.FromRequest(name, null);
        Assert.Same(SeedDescription.None, seed);
        Assert.True(seed.IsNone);
        Assert.Null(new SeedImageSource().Image(seed, 1, 4));
    }

    [Fact]
    public void A_request_that_names_no_pattern_and_sends_no_audio_gets_the_protocols_default_pattern()
    {
        SeedDescription seed = SeedDescription.FromRequest(null, null);
        Assert.Equal(SeedPatternNames.FourOnTheFloor, seed.Pattern);
        RgbImage expected = SeedImages.FromPattern(SeedPatternCatalog.Get(SeedPatternNames.FourOnTheFloor), 1, 4, Converter);
        Assert.Equal(expected.Pixels, new SeedImageSource().Image(seed, 1, 4)!.Pixels);
    }

    [Fact]
    public void A_pattern_name_is_read_in_its_listed_spelling_and_makes_the_patterns_image_once_per_shape()
    {
        var source = new SeedImageSource();
        SeedDescription seed = SeedDescription.FromPattern(" Boom-Bap ");
        Assert.Equal(SeedPatternNames.BoomBap, seed.Pattern);
        RgbImage first = source.Image(seed, 1, 3)!;
        Assert.Equal(SeedImages.FromPattern(SeedPatternCatalog.Get("boom-bap"), 1, 3, Converter).Pixels, first.Pixels);
        Assert.Same(first, source.Image(SeedDescription.FromPattern("boom-bap"), 1, 3));
        Assert.Equal(3 * 64, first.Width);
        Assert.Equal(2 * 3 * 64, source.Image(seed, 2, 3)!.Width);
    }

    [Fact]
    public void Audio_comes_before_a_pattern_name_and_keeps_its_tempo()
    {
        AudioClip tone = Tone();
        var source = new SeedImageSource();
        SeedDescription fromRequest = SeedDescription.FromRequest(SeedPatternNames.BoomBap, tone);
        Assert.Same(tone, fromRequest.Audio);
        Assert.Null(fromRequest.Pattern);
        Assert.Null(fromRequest.AudioBpm);
        Assert.Equal(SeedImages.FromAudio(tone, 2, 4, null, Converter).Pixels, source.Image(fromRequest, 2, 4)!.Pixels);
        Assert.Equal(SeedImages.FromAudio(tone, 1, 4, 120, Converter).Pixels, source.Image(SeedDescription.FromAudio(tone, 120), 1, 4)!.Pixels);
    }

    [Fact]
    public void A_picture_is_fitted_to_the_bars()
    {
        RgbImage picture = PipelineTestImages.Seed(300, 512);
        RgbImage image = new SeedImageSource().Image(SeedDescription.FromPicture(picture), 1, 4)!;
        Assert.Equal(256, image.Width);
        Assert.Equal(SeedImages.FitPicture(picture, 1, 4).Pixels, image.Pixels);
    }

    [Fact]
    public void The_own_sound_of_no_seed_is_silence_and_of_a_seed_its_image()
    {
        var source = new SeedImageSource();
        RgbImage silence = source.OwnSound(SeedDescription.None, 1, 4);
        Assert.Equal(256, silence.Width);
        Assert.Equal(512, silence.Height);
        Assert.All(silence.Pixels, p => Assert.Equal(255, p));
        SeedDescription shuffle = SeedDescription.FromPattern(SeedPatternNames.Shuffle);
        Assert.Same(source.Image(shuffle, 1, 4), source.OwnSound(shuffle, 1, 4));
    }

    [Fact]
    public void An_unknown_pattern_name_is_refused_with_the_names_there_are()
    {
        var e = Assert.Throws<ArgumentException>(() => SeedDescription.FromPattern("polka-from-mars"));
        Assert.StartsWith("Unknown seed pattern 'polka-from-mars'; use one of: four-on-the-floor, boom-bap, half-time, breakbeat, shuffle, none.", e.Message);
    }
}
