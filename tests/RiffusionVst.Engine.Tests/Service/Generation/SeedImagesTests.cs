using RiffusionVst.Engine.Audio;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Spectrogram;

namespace RiffusionVst.Engine.Tests.Service.Generation;

public class SeedImagesTests
{
    [Theory]
    [InlineData(1, 4, 256)]
    [InlineData(2, 3, 384)]
    public void Pattern_images_are_64_columns_a_beat_and_512_bands_high(int bars, int beatsPerBar, int columns)
    {
        RgbImage image = SeedImages.FromPattern(SeedPatternCatalog.Get("boom-bap"), bars, beatsPerBar);
        Assert.Equal((columns, 512), (image.Width, image.Height));
    }

    [Fact]
    public void Four_on_the_floor_kicks_peak_on_the_beat_columns()
    {
        // Energy of the lowest 48 bands (the bottom rows; loud is dark). Each kick's peak must lie within half an
        // analysis window (5 columns, 50 ms) of its beat, 64 columns apart.
        RgbImage image = SeedImages.FromPattern(SeedPatternCatalog.Get("four-on-the-floor"), 1);
        double Low(int x) => Enumerable.Range(image.Height - 48, 48).Sum(y => 255.0 - image[x, y, 0]);

        for (int beat = 0; beat < 4; beat++)
        {
            int peak = Enumerable.Range(beat * 64 - 32, 64).MaxBy(x => Low((x + image.Width) % image.Width));
            Assert.InRange(peak, beat * 64 - 5, beat * 64 + 5);
        }
    }

    [Fact]
    public void The_none_pattern_is_silence_and_the_no_diffusion_generator_returns_the_seed_itself()
    {
        RgbImage silence = SeedImages.FromPattern(SeedPatternCatalog.Get("none"), 1);
        Assert.All(silence.Pixels, p => Assert.Equal(255, p));

        var request = new ImageRequest { PromptA = new("a", 1, 0.75f, 7), PromptB = new("b", 2, 0.75f, 7), SeedPattern = "shuffle", Bars = 1 };
        RgbImage generated = new SeedPatternImageGenerator().Generate(request, null, default);
        Assert.Equal(SeedImages.FromPattern(SeedPatternCatalog.Get("shuffle"), 1).Pixels, generated.Pixels);
    }

    [Fact]
    public void Seed_audio_of_any_length_and_rate_is_fitted_to_the_bars()
    {
        // 3 s of a 220 Hz tone at 48 kHz, taken as 2 bars of 4/4: 512 columns, energy at the same height in every column.
        var tone = new float[144_000];
        for (int i = 0; i < tone.Length; i++)
            tone[i] = 0.5f * MathF.Sin(2 * MathF.PI * 220 * i / 48_000f);
        RgbImage image = SeedImages.FromAudio(new AudioClip(48_000, tone, tone), 2);

        Assert.Equal((512, 512), (image.Width, image.Height));
        int Darkest(int x) => Enumerable.Range(0, image.Height).MinBy(y => image[x, y, 0]);
        int row = Darkest(256);
        Assert.All(new[] { 10, 100, 400, 500 }, x => Assert.InRange(Darkest(x), row - 2, row + 2));
    }
}
