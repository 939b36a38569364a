using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Tests.Transport;

public class MusicalClockTests
{
    private const double Rate = 48000;

    /// <summary>Plays contiguous blocks from <paramref name="from"/> to <paramref name="to"/>; returns the last block's grid sample.</summary>
    private static long Play(MusicalClock clock, long from, long to, double bpm, int block = 512)
    {
        long grid = 0;
        for (long s = from; s < to; s += block)
            grid = clock.GridSample(s, (int)Math.Min(block, to - s), bpm, Rate, playing: true);
        return grid;
    }

    [Fact]
    public void At_a_constant_tempo_the_grid_sample_is_the_project_sample()
    {
        var clock = new MusicalClock();
        for (long s = 1000; s < 300000; s += 777)
            Assert.Equal(s, clock.GridSample(s, 777, 120, Rate, true));
        Assert.Equal(1, clock.SegmentCount);
    }

    [Fact]
    public void A_change_from_120_to_90_after_three_bars_keeps_the_beats_continuous()
    {
        var clock = new MusicalClock();
        Play(clock, 0, 288000, 120, 500);
        // 3 bars at 120 = 12 beats; a beat at 90 BPM is 32 000 samples, so the grid is at 12 · 32 000 there.
        Assert.Equal(384000, clock.GridSample(288000, 500, 90, Rate, true));
        Assert.Equal(384000 + 500, clock.GridSample(288500, 500, 90, Rate, true));
        Assert.Equal(16.0, clock.BeatAt(288000 + 128000), 9);
        Assert.Equal(2, clock.SegmentCount);
    }

    [Fact]
    public void Jumps_back_into_the_first_tempo_and_beyond_the_last_segment_look_the_position_up()
    {
        var clock = new MusicalClock();
        Play(clock, 0, 288000, 120, 500);
        Play(clock, 288000, 400000, 90, 500);
        Assert.Equal(100000, clock.GridSample(100000, 500, 120, Rate, true));
        // Forward past what was seen: 90 BPM goes on from beat 12 at sample 288 000.
        Assert.Equal(384000 + (10_000_000 - 288000), clock.GridSample(10_000_000, 500, 90, Rate, true));
        Assert.Equal(2, clock.SegmentCount);
    }

    [Fact]
    public void A_tempo_at_a_restart_that_disagrees_with_what_was_seen_starts_over_from_sample_0()
    {
        var clock = new MusicalClock();
        Play(clock, 0, 288000, 120, 500);
        Play(clock, 288000, 400000, 90, 500);
        clock.GridSample(400000, 500, 90, Rate, playing: false);
        // The user set the song to 100 BPM while stopped: the whole song is at 100 now.
        Assert.Equal(0, clock.GridSample(0, 500, 100, Rate, true));
        Assert.Equal(500000, clock.GridSample(500000, 500, 100, Rate, true));
        Assert.Equal(1, clock.SegmentCount);
    }

    [Fact]
    public void A_stopped_transport_records_nothing()
    {
        var clock = new MusicalClock();
        Play(clock, 0, 96000, 120);
        Assert.Equal(96000, clock.GridSample(96000, 512, 120, Rate, playing: false));
        clock.GridSample(96000, 512, 60, Rate, playing: false);
        Assert.Equal(1, clock.SegmentCount);
    }

    [Fact]
    public void A_tempo_ramp_longer_than_the_capacity_drops_the_oldest_segments_and_stays_continuous()
    {
        var clock = new MusicalClock(capacity: 4);
        const int block = 4800; // 0.1 s
        double beats = 0;
        long grid = 0;
        for (int k = 0; k < 10; k++)
        {
            double bpm = 100 + 10 * k;
            grid = clock.GridSample(k * block, block, bpm, Rate, true);
            Assert.Equal((long)Math.Round(beats * 60 / bpm * Rate), grid);
            beats += 0.1 * bpm / 60; // worked by hand: 0.1 s at bpm
        }
        Assert.Equal(4, clock.SegmentCount);
    }
}
