using System.Runtime.InteropServices;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Tests.Hosting;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Tests.Playback;

public class LoopPlaybackTests
{
    private const int L = 192000; // 2 bars of 4/4 at 120 BPM, 48 kHz
    private const int Fade = 480; // 10 ms at 48 kHz

    [Fact]
    public void Loop_of_two_bars_at_120_bpm_48k_repeats_every_192000_samples()
    {
        var sim = new HostSimulator(48000, 120, 64, 1, 4096, 333);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, L), 0));
        var (left, right, pos) = sim.Run(2 * L + L / 2);
        for (int i = Fade; i < left.Length; i++)
        {
            if (pos[i] % L != (long)left[i]) Assert.Equal(pos[i] % L, (long)left[i]);
            if (-left[i] != right[i]) Assert.Equal(-left[i], right[i]);
        }
        Assert.Equal(L, left.Select((v, i) => (v, i)).First(x => x.i > 0 && x.v == 0f).i);
    }

    [Theory]
    [InlineData(44100, 1)]
    [InlineData(44100, 4096)]
    [InlineData(48000, 64)]
    [InlineData(48000, 977)]
    [InlineData(96000, 1)]
    [InlineData(96000, 4096)]
    public void Playback_tracks_the_project_position_at_any_rate_and_block_size(int rate, int block)
    {
        int length = (int)LoopTiming.LoopLength(1, 4, 120, rate);
        var sim = new HostSimulator(rate, 120, block) { Position = length - 3000 };
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, length, bars: 1, rate: rate), 0));
        var (left, _, pos) = sim.Run(length / 2);
        int fade = sim.Processor.Player.CrossfadeLength;
        int firstBar = Array.FindIndex(pos, p => p % length == 0);
        Assert.Equal(-1, Array.FindIndex(left, 0, firstBar, v => v != 0f));
        for (int i = firstBar + fade; i < left.Length; i++)
            if (pos[i] % length != (long)left[i]) Assert.Equal(pos[i] % length, (long)left[i]);
    }

    [Fact]
    public void A_new_loop_waits_for_the_next_bar_line_then_crossfades_in()
    {
        var sim = new HostSimulator(48000, 120, 256);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, L), 0));
        sim.Run(50000);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m + 1, L), 0));
        var (left, _, pos) = sim.Run(100000);
        for (int i = 0; i < left.Length; i++)
        {
            long p = pos[i];
            if (p < 96000)
                if (p != (long)left[i]) Assert.Equal(p, (long)left[i]);                 // old loop untouched until bar 2 of the loop
            else if (p == 96000)
                Assert.NotEqual(p, (long)left[i]);              // the fade starts exactly on the bar line
            else if (p >= 96000 + Fade)
                if (1_000_000 + p != (long)left[i]) Assert.Equal(1_000_000 + p, (long)left[i]);     // new loop, same phase
        }
    }

    [Fact]
    public void First_loop_starts_on_a_bar_line_not_when_it_arrives()
    {
        var sim = new HostSimulator(48000, 120, 512) { Position = 10000 };
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, L), 0));
        var (left, _, pos) = sim.Run(100000);
        for (int i = 0; i < left.Length; i++)
        {
            if (pos[i] < 96000)
            {
                if (left[i] != 0f) Assert.Equal(0f, left[i]);
            }
            else if (pos[i] >= 96000 + Fade)
                if (pos[i] != (long)left[i]) Assert.Equal(pos[i], (long)left[i]);
        }
    }

    [Fact]
    public void Crossfade_between_opposite_levels_has_no_click()
    {
        var sim = new HostSimulator(48000, 120, 128);
        sim.Processor.Player.Submit(TestLoops.Grid(9, _ => TestLoops.Constant(0.5f, L), 0));
        sim.Run(10000);
        sim.Processor.Player.Submit(TestLoops.Grid(9, _ => TestLoops.Constant(-0.5f, L), 0));
        var (left, _, pos) = sim.Run(100000);
        // 0.5·cos θ − 0.5·sin θ changes at most 0.5·√2 per radian, and θ moves π/2/N per sample.
        double bound = 0.5 * Math.Sqrt(2) * Math.PI / 2 / Fade * 1.001;
        double maxJump = 0;
        for (int i = 1; i < left.Length; i++)
            maxJump = Math.Max(maxJump, Math.Abs(left[i] - left[i - 1]));
        Assert.True(maxJump <= bound, $"largest step {maxJump} exceeds {bound}");
        Assert.Equal(-0.5f, left[Array.IndexOf(pos, 96000L + Fade)]);
        Assert.Equal(0.5f, left[Array.IndexOf(pos, 95999L)]);
    }

    [Theory]
    [InlineData(0f)]      // alpha on grid point 0; the new grid adds point 8
    [InlineData(0.0625f)] // alpha between points 0 and 1, both present in old and new; the new grid adds point 8
    public void A_swap_to_a_grid_that_only_adds_a_point_away_from_alpha_leaves_the_output_sample_exact(float alpha)
    {
        var sim = new HostSimulator(48000, 120, 256);
        LoopBuffer a = TestLoops.Sine(0, L), b = TestLoops.Sine(1, L), far = TestLoops.Sine(8, L);
        var oldGrid = new AlphaGrid(9, 2, 4, "test").With(0, a).With(1, b);
        sim.Parameters.Set(ParameterId.Alpha, alpha);
        sim.Processor.Player.Submit(oldGrid);
        sim.Run(50000);
        sim.Processor.Player.Submit(oldGrid.With(8, far));
        var (left, right, pos) = sim.Run(100000);
        Assert.Equal(2, sim.Processor.Player.SwapCount); // the swap did happen, at the bar line 96 000
        // Expected: the old mix (1 − f)·a + f·b with f = 8·alpha, worked out here from the buffers.
        float f = alpha * 8;
        for (int i = 0; i < left.Length; i++)
        {
            int p = (int)(pos[i] % L);
            float el = (1f - f) * a.LeftSamples[p] + f * b.LeftSamples[p];
            float er = (1f - f) * a.RightSamples[p] + f * b.RightSamples[p];
            if (f == 0f) { el = a.LeftSamples[p]; er = a.RightSamples[p]; }
            if (el != left[i] || er != right[i])
                Assert.Fail($"sample at project position {pos[i]}: expected ({el}, {er}), got ({left[i]}, {right[i]})");
        }
    }

    [Fact]
    public void A_swap_to_new_audio_around_alpha_still_crossfades_with_equal_power()
    {
        var sim = new HostSimulator(48000, 120, 128);
        var oldGrid = TestLoops.Grid(9, _ => TestLoops.Constant(0.5f, L), 0);
        sim.Processor.Player.Submit(oldGrid);
        sim.Run(10000);
        // Point 0 is new audio (another buffer, same level): equal power means 0.5·(sin + cos) mid-fade.
        sim.Processor.Player.Submit(oldGrid.With(0, TestLoops.Constant(0.5f, L)));
        var (left, _, pos) = sim.Run(100000);
        int mid = Array.IndexOf(pos, 96000L + Fade / 2);
        double theta = (Fade / 2 + 0.5) / Fade * Math.PI / 2;
        Assert.Equal(0.5 * (Math.Sin(theta) + Math.Cos(theta)), left[mid], 1e-5);
        double bound = 0.5 * Math.Sqrt(2) * Math.PI / 2 / Fade * 1.001;
        for (int i = 1; i < left.Length; i++)
            Assert.True(Math.Abs(left[i] - left[i - 1]) <= bound, $"step at {pos[i]} exceeds {bound}");
    }

    [Fact]
    public void Morph_is_a_per_sample_mix_of_the_two_grid_loops_around_alpha()
    {
        var loops = Enumerable.Range(0, 9).Select(m => TestLoops.Sine(m, L)).ToArray();
        var sim = new HostSimulator(48000, 120, 64, 4096, 7);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => loops[m], Enumerable.Range(0, 9).ToArray()));
        var rng = new Random(5);
        var points = new SortedDictionary<long, float>();
        for (int k = 0; k < 200; k++)
            points[rng.Next(1, 100000)] = (float)rng.NextDouble();
        foreach (var (s, a) in points)
            sim.Automate(s, ParameterId.Alpha, a);

        var (left, right, pos) = sim.Run(100000);
        float alpha = 0f;
        for (int i = 0; i < left.Length; i++)
        {
            if (points.TryGetValue(pos[i], out float a))
                alpha = a;
            if (pos[i] < Fade)
                continue;
            float x = alpha * 8;
            int i0 = Math.Min((int)x, 8);
            int i1 = Math.Min(i0 + 1, 8);
            float f = x - i0;
            int p = (int)(pos[i] % L);
            float el = (1 - f) * loops[i0].LeftSamples[p] + f * loops[i1].LeftSamples[p];
            float er = (1 - f) * loops[i0].RightSamples[p] + f * loops[i1].RightSamples[p];
            if (Math.Abs(el - left[i]) > 1e-5f || Math.Abs(er - right[i]) > 1e-5f)
                Assert.Fail($"sample {i} (alpha {alpha}): expected ({el}, {er}), got ({left[i]}, {right[i]})");
        }
    }

    [Theory]
    [InlineData(0.25f, 1f, 0f)]   // x = 2: points 2 and 3 both resolve to 0
    [InlineData(0.75f, 0f, 1f)]   // x = 6: resolves to 8
    [InlineData(0.55f, 0.6f, 0.4f)] // x = 4.4: point 4 ties → 0, point 5 → 8
    public void Missing_grid_points_fall_back_to_the_nearest_present_loop(float alpha, float weight0, float weight8)
    {
        var sim = new HostSimulator(48000, 120, 512);
        sim.Parameters.Set(ParameterId.Alpha, alpha);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Constant(m == 0 ? 1f : -1f, L), 0, 8));
        var (left, _, _) = sim.Run(2000);
        Assert.Equal(weight0 * 1f + weight8 * -1f, left[1999], 5);
    }

    [Fact]
    public void Same_automation_gives_a_bit_identical_bounce_whatever_the_block_sizes()
    {
        float[] Bounce(params int[] blocks)
        {
            var sim = new HostSimulator(48000, 120, blocks);
            sim.Input = s => (float)Math.Sin(s * 0.01);
            sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Sine(m, L), 0, 3, 8));
            for (int k = 0; k < 50; k++)
            {
                sim.Automate(k * 3001 + 17, ParameterId.Alpha, k % 7 / 6f);
                sim.Automate(k * 4999 + 5, ParameterId.OutputGain, 0.6f + k % 5 * 0.05f);
                sim.Automate(k * 7919 + 1, ParameterId.DryWet, k % 3 / 2f);
            }
            var first = sim.Run(120000);
            sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Sine(m + 2, L), 1, 7));
            var second = sim.Run(150000);
            return [.. first.Left, .. second.Left, .. first.Right, .. second.Right];
        }
        static bool BitIdentical(float[] a, float[] b) =>
            MemoryMarshal.Cast<float, int>(a).SequenceEqual(MemoryMarshal.Cast<float, int>(b));
        float[] reference = Bounce(64);
        Assert.True(BitIdentical(reference, Bounce(64)), "two bounces with the same blocks differ");
        Assert.True(BitIdentical(reference, Bounce(4096, 1, 511)), "bounces with different block sizes differ");
        Assert.Contains(reference, v => v != 0f);
    }

    [Fact]
    public void Jumps_and_host_loop_regions_are_followed_at_once()
    {
        var sim = new HostSimulator(48000, 120, 300);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, L), 0));
        sim.Run(5000);
        sim.Position = 150123;
        var (left, _, _) = sim.Run(1000);
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Equal(150123 + i, (long)left[i]));

        sim.Position = 1234;
        sim.LoopRegion = (100000, 230001);
        var (l2, _, pos) = sim.Run(400000);
        Assert.Contains(100000L, pos);
        for (int i = 0; i < l2.Length; i++)
        {
            if (pos[i] % L != (long)l2[i])
                Assert.Equal(pos[i] % L, (long)l2[i]);
        }
    }

    [Fact]
    public void Ppq_positions_drive_the_loop_the_same_way()
    {
        var sim = new HostSimulator(48000, 120, 256) { SendPpq = true, Position = 1000 };
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, L), 0));
        var (left, _, pos) = sim.Run(L);
        for (int i = 0; i < left.Length; i++)
        {
            if (pos[i] >= L + Fade)
                if (pos[i] % L != (long)left[i]) Assert.Equal(pos[i] % L, (long)left[i]);
        }
    }

    [Fact]
    public void After_a_tempo_change_the_old_loop_is_read_at_the_length_ratio_until_a_retimed_one_arrives()
    {
        var sim = new HostSimulator(48000, 120, 512);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, L), 0));
        sim.Run(10000);
        sim.Bpm = 100; // host loop becomes 2·4·0.6 s·48 000 = 230 400 samples
        var (left, _, pos) = sim.Run(200000);
        // The change came at sample 10 000, beat 10 000/24 000; at 100 BPM (28 800 samples a beat)
        // that beat is 12 000 samples into the loop, and the loop runs on from there.
        for (int i = 0; i < left.Length; i++)
        {
            double at = (pos[i] - 10000 + 12000) % 230400 * (double)L / 230400;
            if (at < L - 1)
                if (Math.Abs(at - left[i]) > 0.02) Assert.Equal(at, left[i], 0.02); // the marked loop is a ramp, so linear interpolation is exact
        }
    }

    [Fact]
    public void After_a_sample_rate_change_the_old_loop_is_read_at_the_ratio_and_stays_on_the_bar()
    {
        var sim = new HostSimulator(96000, 120, 512);
        // Rendered for 48 kHz: at 96 kHz the host loop is 384 000 samples, read at half speed.
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, L), 0));
        var (left, _, pos) = sim.Run(300000);
        for (int i = 1000; i < left.Length; i++)
        {
            double at = pos[i] % 384000 / 2.0;
            if (Math.Abs(at - left[i]) > 0.02) Assert.Equal(at, left[i], 0.02);
        }
    }

    [Fact]
    public void Evolve_plays_alpha_0_025_05_075_on_successive_loops()
    {
        const int len = 48000; // 1 bar at 240 BPM
        var sim = new HostSimulator(48000, 240, 1000);
        sim.Parameters.Set(ParameterId.Evolve, 1);
        sim.Parameters.Set(ParameterId.Alpha, 0.9f); // ignored while evolving
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, len, bars: 1, bpm: 240), Enumerable.Range(0, 9).ToArray()));
        var (left, _, pos) = sim.Run(5 * len);
        for (int i = Fade; i < left.Length; i++)
        {
            long loop = pos[i] / len;
            int marker = (int)(loop % 4) * 2; // alpha k/4 sits exactly on grid point 2k
            if (marker * 1_000_000L + pos[i] % len != (long)left[i]) Assert.Equal(marker * 1_000_000L + pos[i] % len, (long)left[i]);
        }
        Assert.Equal(4, sim.Processor.Player.LoopIndex);
    }

    [Fact]
    public void Evolve_holds_the_segment_end_while_the_next_segments_grid_is_not_here()
    {
        const int len = 48000;
        var sim = new HostSimulator(48000, 240, 1000);
        sim.Parameters.Set(ParameterId.Evolve, 1);
        var grid = new AlphaGrid(9, 1, 4, "segment 0", evolveSegment: 0);
        for (int m = 0; m < 9; m++)
            grid = grid.With(m, TestLoops.Marked(m, len, bars: 1, bpm: 240));
        sim.Processor.Player.Submit(grid);
        var (left, _, pos) = sim.Run(6 * len);
        for (int i = Fade; i < left.Length; i++)
        {
            long loop = pos[i] / len;
            int marker = loop < 4 ? (int)loop * 2 : 8; // loops 4 and 5 belong to segment 1: hold alpha 1, its start
            if (marker * 1_000_000L + pos[i] % len != (long)left[i])
                Assert.Equal(marker * 1_000_000L + pos[i] % len, (long)left[i]);
        }
    }
}
