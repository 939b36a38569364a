using RiffusionVst.Engine.Loops;

namespace RiffusionVst.Engine.Tests.Loops;

public class LoopSpecTests
{
    [Theory]
    [InlineData(120, 2, 4, 48_000, 192_000)]   // 8 beats · 0.5 s · 48 000
    [InlineData(120, 2, 4, 44_100, 176_400)]   // 8 beats · 0.5 s · 44 100
    [InlineData(93.75, 2, 4, 44_100, 225_792)] // 8 beats · 0.64 s · 44 100
    [InlineData(90, 1, 3, 48_000, 96_000)]     // 3 beats · (2/3) s · 48 000
    [InlineData(140, 4, 4, 44_100, 302_400)]   // 16 · 60/140 · 44 100 = 302 400 exactly
    public void Loop_length_is_whole_bars_at_the_host_tempo(double bpm, int bars, int beatsPerBar, int rate, int expected)
    {
        Assert.Equal(expected, new LoopSpec(bpm, bars, beatsPerBar, rate).LengthSamples);
    }

    [Fact]
    public void Lengths_that_are_not_whole_samples_round_to_nearest()
    {
        // 8 beats at 130 BPM = 3.692307… s; · 44 100 = 162 830.77 → 162 831.
        Assert.Equal(162_831, new LoopSpec(130, 2, 4, 44_100).LengthSamples);
    }

    [Fact]
    public void Native_grid_is_256_columns_a_bar_of_four_beats()
    {
        Assert.Equal(512, new LoopSpec(120, 2).NativeColumns);
        Assert.Equal(512, new LoopSpec(LoopSpec.NativeBpm, 2).FramesAt(441, 44_100));
        Assert.Equal(400, new LoopSpec(120, 2).FramesAt(441, 44_100));
    }

    [Theory]
    [InlineData(0, 2, 4, 44_100, "bpm")]
    [InlineData(double.NaN, 2, 4, 44_100, "bpm")]
    [InlineData(120, 0, 4, 44_100, "bars")]
    [InlineData(120, 1000, 4, 44_100, "bars")]
    [InlineData(120, 2, 0, 44_100, "beatsPerBar")]
    [InlineData(120, 2, 4, 100, "sampleRate")]
    public void Impossible_values_are_refused_with_the_parameter_named(double bpm, int bars, int beats, int rate, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LoopSpec(bpm, bars, beats, rate));
        Assert.Equal(name, error.ParamName);
    }
}
