using RiffusionVst.Engine.Loops.SeedPatterns;

namespace RiffusionVst.Engine.Tests.Loops.SeedPatterns;

public class SeedPatternRendererTests
{
    // Energy in 5 ms windows; an onset is a window much louder than the one before it.
    private static double[] WindowEnergy(float[] x, int window)
    {
        var energy = new double[x.Length / window];
        for (int w = 0; w < energy.Length; w++)
        {
            for (int i = 0; i < window; i++)
            {
                double v = x[(w * window) + i];
                energy[w] += v * v;
            }
        }

        return energy;
    }

    [Theory]
    [InlineData("four-on-the-floor")]
    [InlineData("boom-bap")]
    [InlineData("half-time")]
    [InlineData("breakbeat")]
    [InlineData("shuffle")]
    public void Every_pattern_starts_with_a_hit_on_the_first_sample_of_bar_one(string name)
    {
        var clip = SeedPatternRenderer.Render(SeedPatternCatalog.Get(name), bars: 2);
        Assert.Equal(225_792, clip.Length); // 2 bars on the native grid at 44.1 kHz
        var energy = WindowEnergy(clip.Channels[0], 220);
        // The first 5 ms window holds the downbeat, the window before it (the loop's end) is a decaying tail.
        Assert.True(energy[0] > 4 * energy[^1], $"{name}: downbeat {energy[0]:g3} vs loop end {energy[^1]:g3}");
    }

    [Fact]
    public void Four_on_the_floor_has_a_kick_onset_on_every_beat()
    {
        var clip = SeedPatternRenderer.Render(SeedPatternCatalog.Get("four-on-the-floor"), bars: 1, bpm: 120, sampleRate: 48_000);
        Assert.Equal(96_000, clip.Length);
        var energy = WindowEnergy(clip.Channels[0], 240); // 5 ms at 48 kHz
        for (int beat = 0; beat < 4; beat++)
        {
            int window = beat * 24_000 / 240;
            int before = window == 0 ? energy.Length - 1 : window - 1;
            Assert.True(energy[window] > 3 * energy[before], $"beat {beat + 1}: no onset");
        }
    }

    [Fact]
    public void Output_peaks_below_full_scale_and_none_is_silent()
    {
        var drums = SeedPatternRenderer.Render(SeedPatternCatalog.Get("breakbeat"), bars: 1);
        Assert.InRange(drums.Channels[0].Max(MathF.Abs), 0.89f, 0.91f);
        var none = SeedPatternRenderer.Render(SeedPatternCatalog.Get("none"), bars: 1);
        Assert.All(none.Channels[0], s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var a = SeedPatternRenderer.Render(SeedPatternCatalog.Get("boom-bap"), bars: 1);
        var b = SeedPatternRenderer.Render(SeedPatternCatalog.Get("boom-bap"), bars: 1);
        Assert.Equal(a.Channels[0], b.Channels[0]);
    }

    [Fact]
    public void Unknown_names_list_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => SeedPatternCatalog.Get("polka"));
        Assert.Contains("four-on-the-floor", error.Message);
        Assert.Contains("polka", error.Message);
    }

    [Fact]
    public void Three_four_bars_take_the_first_three_beats_of_the_pattern()
    {
        var pattern = SeedPatternCatalog.Get("four-on-the-floor");
        Assert.All(pattern.HitsForBar(3), h => Assert.True(h.Beat < 3));
        Assert.Equal(3, pattern.HitsForBar(3).Count(h => h.Voice == DrumVoice.Kick));
        Assert.Equal(8, pattern.HitsForBar(8).Count(h => h.Voice == DrumVoice.Kick));
    }
}
