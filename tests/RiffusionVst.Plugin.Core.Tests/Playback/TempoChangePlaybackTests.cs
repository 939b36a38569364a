using RiffusionVst.Plugin.Core.Tests.Hosting;

namespace RiffusionVst.Plugin.Core.Tests.Playback;

/// <summary>A host that gives only BPM and project sample changes tempo at a bar line that is not a common multiple of both loop lengths.</summary>
public class TempoChangePlaybackTests
{
    private const long Change = 3 * 96000; // after 3 bars at 120 BPM, 48 kHz
    private const long Bar90 = 128000;     // a 4/4 bar at 90 BPM
    private const int Loop90 = 256000;     // 2 bars at 90 BPM
    private const int Loop120 = 192000;    // 2 bars at 120 BPM

    /// <summary>Where the DAW's bar lines put us in a 2-bar loop at 90 BPM: bar k after the change is song bar 4 + k.</summary>
    private static long LoopPosition90(long projectSample)
    {
        long sinceChange = projectSample - Change;
        long bar = 3 + sinceChange / Bar90;          // song bar index (0-based)
        return bar % 2 * Bar90 + sinceChange % Bar90;
    }

    [Fact]
    public void Bars_at_90_BPM_start_on_the_DAWs_bar_lines_and_a_jump_forward_extrapolates()
    {
        var sim = new HostSimulator(48000, 120, 500);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, Loop90, bpm: 90), 0));
        sim.Run((int)Change);
        sim.Bpm = 90;
        var (left, _, pos) = sim.Run(3 * Loop90);
        for (int i = 0; i < left.Length; i++)
            if (LoopPosition90(pos[i]) != (long)left[i])
                Assert.Equal(LoopPosition90(pos[i]), (long)left[i]);
        Assert.Equal(0, (long)left[Array.IndexOf(pos, Change + Bar90)]); // a loop starts on a DAW bar line

        sim.Position = 5_000_123;
        var (far, _, farPos) = sim.Run(50000);
        for (int i = 0; i < far.Length; i++)
            if (LoopPosition90(farPos[i]) != (long)far[i])
                Assert.Equal(LoopPosition90(farPos[i]), (long)far[i]);
    }

    [Fact]
    public void A_jump_back_into_the_120_BPM_part_plays_the_position_there_and_the_change_again()
    {
        var sim = new HostSimulator(48000, 120, 500);
        sim.Processor.Player.Submit(TestLoops.Grid(9, m => TestLoops.Marked(m, Loop120), 0));
        sim.Run((int)Change);
        sim.Bpm = 90;
        sim.Run(300000);

        sim.Position = 100000;
        sim.Bpm = 120;
        var (left, _, pos) = sim.Run((int)(Change - 100000));
        for (int i = 0; i < left.Length; i++)
            if (pos[i] % Loop120 != (long)left[i])
                Assert.Equal(pos[i] % Loop120, (long)left[i]);

        // Through the change again: the 120 BPM loop is read at the length ratio, on the 90 BPM bar lines.
        sim.Bpm = 90;
        var (after, _, afterPos) = sim.Run(Loop90);
        for (int i = 0; i < after.Length; i++)
        {
            double at = LoopPosition90(afterPos[i]) * (double)Loop120 / Loop90;
            if (at < Loop120 - 1 && Math.Abs(at - after[i]) > 0.02)
                Assert.Equal(at, after[i], 0.02);
        }
    }
}
