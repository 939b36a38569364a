using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Tests.Transport;

public class LoopTimingTests
{
    [Theory]
    [InlineData(2, 4, 120.0, 48000.0, 192000L)]      // 8 beats · 0.5 s · 48 000
    [InlineData(2, 4, 93.75, 44100.0, 225792L)]      // 8 · 0.64 s · 44 100: the model's native grid
    [InlineData(1, 7, 97.0, 44100.0, 190948L)]       // 7·60/97·44 100 = 190 948.45…
    [InlineData(8, 4, 60.0, 96000.0, 3072000L)]
    [InlineData(2, 4, 0.0, 48000.0, 0L)]             // no tempo: nothing to play
    public void Loop_length_is_the_rounded_contract_formula(int bars, int beats, double bpm, double rate, long expected) =>
        Assert.Equal(expected, LoopTiming.LoopLength(bars, beats, bpm, rate));

    [Fact]
    public void Position_wraps_and_is_never_negative()
    {
        Assert.Equal(5, LoopTiming.Position(105, 100));
        Assert.Equal(95, LoopTiming.Position(-5, 100));
        Assert.Equal(-1, LoopTiming.LoopIndex(-5, 100));
        Assert.Equal(1, LoopTiming.LoopIndex(100, 100));
    }

    [Fact]
    public void Bars_of_a_loop_with_a_fractional_bar_length_start_at_ceil_of_i_L_over_bars()
    {
        // L = 10, 3 bars: bars start at ceil(0), ceil(10/3) = 4, ceil(20/3) = 7.
        var starts = Enumerable.Range(0, 10).Where(p => LoopTiming.IsBarStart(p, 10, 3)).ToArray();
        Assert.Equal(new long[] { 0, 4, 7 }, starts.Select(x => (long)x));
    }

    [Fact]
    public void Ppq_position_takes_precedence_over_the_project_sample()
    {
        // 6 quarter notes at 120 BPM = 3 s = 144 000 samples at 48 kHz.
        var t = new TransportInfo(120, true, ProjectSample: 7, PpqPosition: 6.0);
        Assert.Equal(144000, t.GridSample(48000));
        Assert.Equal(7, new TransportInfo(120, true, 7).GridSample(48000));
    }
}
