using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Service.Generation;

public class SeedPatternImageGeneratorTests
{
    private static ImageRequest Request(string? pattern, int bars = 1, int beatsPerBar = 4, AudioClip? audio = null) => new()
    {
        PromptA = new("a", 1, 0.75f, 7),
        PromptB = new("b", 2, 0.75f, 7),
        SeedPattern = pattern,
        SeedAudio = audio,
        Bars = bars,
        BeatsPerBar = beatsPerBar,
    };

    [Theory]
    [InlineData(1, 4, 256)]
    [InlineData(2, 3, 384)]
    public void Images_are_64_columns_a_beat_and_512_bands_high(int bars, int beatsPerBar, int columns)
    {
        RgbImage image = new SeedPatternImageGenerator().Generate(Request("boom-bap", bars, beatsPerBar), null, default).Image;
        Assert.Equal((columns, 512), (image.Width, image.Height));
    }

    [Fact]
    public void Four_on_the_floor_kicks_peak_on_the_beat_columns()
    {
        // Energy of the lowest 48 bands (the bottom rows; loud is dark). Each kick's peak must lie within half an
        // analysis window (5 columns, 50 ms) of its beat, 64 columns apart.
        RgbImage image = new SeedPatternImageGenerator().Generate(Request("four-on-the-floor"), null, default).Image;
        double Low(int x) => Enumerable.Range(image.Height - 48, 48).Sum(y => 255.0 - image[x, y, 0]);

        for (int beat = 0; beat < 4; beat++)
        {
            int peak = Enumerable.Range(beat * 64 - 32, 64).MaxBy(x => Low((x + image.Width) % image.Width));
            Assert.InRange(peak, beat * 64 - 5, beat * 64 + 5);
        }
    }

    [Fact]
    public void The_none_pattern_is_silence_and_no_pattern_means_the_first_of_the_catalog()
    {
        var generator = new SeedPatternImageGenerator();
        Assert.All(generator.Generate(Request("none"), null, default).Image.Pixels, p => Assert.Equal(255, p));

        var unnamed = generator.Generate(Request(null), null, default).Image;
        var first = generator.Generate(Request(SeedPatternCatalog.All[0].Name), null, default).Image;
        Assert.Equal(first.Pixels, unnamed.Pixels);
        Assert.Contains(unnamed.Pixels, p => p < 128);
    }

    [Fact]
    public void Seed_audio_of_any_length_and_rate_is_fitted_to_the_bars()
    {
        // 3 s of a 220 Hz tone at 48 kHz, taken as 2 bars of 4/4: 512 columns, energy at the same height in every column.
        var tone = new float[144_000];
        for (int i = 0; i < tone.Length; i++)
            tone[i] = 0.5f * MathF.Sin(2 * MathF.PI * 220 * i / 48_000f);
        RgbImage image = new SeedPatternImageGenerator().Generate(Request(null, 2, audio: new AudioClip(48_000, tone, tone)), null, default).Image;

        Assert.Equal((512, 512), (image.Width, image.Height));
        int Darkest(int x) => Enumerable.Range(0, image.Height).MinBy(y => image[x, y, 0]);
        int row = Darkest(256);
        Assert.All(new[] { 10, 100, 400, 500 }, x => Assert.InRange(Darkest(x), row - 2, row + 2));
    }

    [Fact]
    public void Its_whole_run_is_reported_as_diffusion_time_and_nothing_as_decode_time()
    {
        GeneratedImage made = new SeedPatternImageGenerator().Generate(Request("boom-bap"), null, default);

        Assert.Equal(TimeSpan.Zero, made.DecodeTime);
        Assert.True(made.DiffusionTime > TimeSpan.Zero, $"diffusion time {made.DiffusionTime}");
    }

    [Fact]
    public void A_cancelled_token_stops_it_before_any_work() =>
        Assert.Throws<OperationCanceledException>(() =>
            new SeedPatternImageGenerator().Generate(Request("boom-bap"), null, new CancellationToken(canceled: true)));
}
