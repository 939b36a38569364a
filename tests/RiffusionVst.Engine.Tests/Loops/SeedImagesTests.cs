using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Tests.Diffusion.Pipeline;

namespace RiffusionVst.Engine.Tests.Loops;

public class SeedImagesTests
{
    private static readonly SpectrogramConverter Converter = new();

    /// <summary>Darkness (255 − pixel) summed over the rows of one column: loud columns score high.</summary>
    private static double Energy(RgbImage image, int x, int fromRow = 0)
    {
        double sum = 0;
        for (int y = fromRow; y < image.Height; y++)
        {
            sum += 255 - image[x, y, 0];
        }

        return sum;
    }

    /// <summary>Clicks (short decaying noise bursts) on every beat at <paramref name="bpm"/>.</summary>
    private static AudioClip ClickTrack(double bpm, int beats, int sampleRate)
    {
        int period = (int)Math.Round(60.0 / bpm * sampleRate);
        var samples = new float[beats * period];
        var random = new Random(3);
        for (int beat = 0; beat < beats; beat++)
        {
            for (int i = 0; i < sampleRate / 100; i++)
            {
                samples[beat * period + i] = (float)((random.NextDouble() * 2 - 1) * Math.Exp(-i / (sampleRate / 400.0)));
            }
        }

        return new AudioClip(sampleRate, samples);
    }

    /// <summary>Asserts the loudest columns of each beat-long window are at its start (64 columns a beat).</summary>
    private static void AssertBeatsOnTheGrid(RgbImage image)
    {
        for (int beat = 0; beat < image.Width / 64; beat++)
        {
            int loudest = Enumerable.Range(beat * 64, 64).MaxBy(x => Energy(image, x));
            int offset = loudest - beat * 64;
            Assert.True(offset <= 2 || offset >= 63, $"beat {beat}: loudest column at offset {offset}");
        }
    }

    [Fact]
    public void Width_is_64_columns_a_beat()
    {
        Assert.Equal(256, SeedImages.Width(1));
        Assert.Equal(3 * 3 * 64, SeedImages.Width(3, 3));
        Assert.Throws<ArgumentException>(() => SeedImages.Width(0));
    }

    [Fact]
    public void A_pattern_becomes_an_image_of_whole_bars_on_the_native_grid()
    {
        RgbImage image = SeedImages.FromPattern(SeedPatternCatalog.Get("half-time"), 1, 4, Converter);
        Assert.Equal(256, image.Width);
        Assert.Equal(512, image.Height);

        // Half-time kicks on sixteenths 0, 3 and 11 (16 columns a sixteenth): in the lowest bands (the bottom rows)
        // they peak at columns 0, 48 and 176, give or take the 100 ms window's smear.
        Assert.InRange(Enumerable.Range(0, 40).MaxBy(x => Energy(image, x, 448)), 0, 4);
        Assert.InRange(Enumerable.Range(40, 60).MaxBy(x => Energy(image, x, 448)), 46, 52);
        Assert.InRange(Enumerable.Range(150, 60).MaxBy(x => Energy(image, x, 448)), 174, 180);
    }

    [Fact]
    public void Audio_at_another_tempo_and_rate_is_fitted_to_the_grid()
    {
        // Two bars of clicks at 120 BPM and 48 kHz: beats every 0.5 s become beats every 64 columns.
        AudioClip clicks = ClickTrack(120, 8, 48_000);
        RgbImage withTempo = SeedImages.FromAudio(clicks, 2, 4, 120, Converter);
        RgbImage wholeClip = SeedImages.FromAudio(clicks, 2, 4, null, Converter);
        Assert.Equal(512, withTempo.Width);
        Assert.Equal(512, wholeClip.Width);
        AssertBeatsOnTheGrid(withTempo);
        AssertBeatsOnTheGrid(wholeClip);
    }

    [Fact]
    public void Audio_shorter_than_the_bars_repeats()
    {
        AudioClip oneBar = ClickTrack(100, 4, 44_100);
        RgbImage image = SeedImages.FromAudio(oneBar, 2, 4, 100, Converter);
        Assert.Equal(512, image.Width);
        AssertBeatsOnTheGrid(image);
    }

    [Fact]
    public void Audio_that_is_not_a_whole_number_of_hops_long_still_becomes_a_seed_image()
    {
        // Eight clicks at 97 BPM and 48 kHz: 237 528 samples, 218 229 at 44.1 kHz; two bars at 97 BPM are 218 228
        // samples, 494.85 hops. Either length used to be refused by the periodic STFT.
        AudioClip clicks = ClickTrack(97, 8, 48_000);
        RgbImage withTempo = SeedImages.FromAudio(clicks, 2, 4, 97, Converter);
        RgbImage wholeClip = SeedImages.FromAudio(clicks, 2, 4, null, Converter);
        Assert.Equal(512, withTempo.Width);
        Assert.Equal(512, wholeClip.Width);
        AssertBeatsOnTheGrid(withTempo);
        AssertBeatsOnTheGrid(wholeClip);
        Assert.Equal(256, SeedImages.FromAudio(new AudioClip(44_100, new float[27_562]), 1, 4, null, Converter).Width);
    }

    [Fact]
    public void A_picture_is_fitted_to_the_bar_count()
    {
        var picture = PipelineTestImages.Seed(300, 512);
        RgbImage fitted = SeedImages.FitPicture(picture, 1, 4);
        Assert.Equal(256, fitted.Width);
        Assert.Equal(512, fitted.Height);
        Assert.Same(fitted, SeedImages.FitPicture(fitted, 1, 4));
    }
}
