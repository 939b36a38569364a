using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Core.Tests.Hosting;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Core.Tests.Processing;

public class PluginProcessorTests
{
    private const int L = 192000;

    [Fact]
    public void Output_is_dry_times_one_minus_wet_plus_wet_times_gain_times_loop()
    {
        var sim = new HostSimulator(48000, 120, 256) { Input = s => 0.001f * (s % 100) };
        sim.Parameters.SetNormalized(ParameterId.OutputGain, 0.75f); // −6 dB
        sim.Parameters.Set(ParameterId.DryWet, 0.25f);
        sim.Processor.Player.Submit(TestLoops.Grid(9, _ => TestLoops.Constant(0.8f, L), 0));
        var (left, _, pos) = sim.Run(5000);
        double g = Math.Pow(10, -6.0 / 20);
        for (int i = 1000; i < left.Length; i++)
            Assert.Equal(0.75 * 0.001 * (pos[i] % 100) + 0.25 * g * 0.8, left[i], 5);
    }

    [Fact]
    public void Stopped_transport_plays_no_loop_but_passes_the_dry_share()
    {
        var sim = new HostSimulator(48000, 120, 256) { Playing = false, Input = _ => 0.5f };
        sim.Parameters.Set(ParameterId.DryWet, 0.4f);
        sim.Processor.Player.Submit(TestLoops.Grid(9, _ => TestLoops.Constant(0.8f, L), 0));
        var (left, right, _) = sim.Run(3000);
        Assert.All(left, v => Assert.Equal(0.3f, v, 6));
        Assert.All(right, v => Assert.Equal(0.3f, v, 6));
    }

    [Fact]
    public void Nothing_rendered_yet_gives_silence_at_full_wet_and_minimum_gain_silences_the_loop()
    {
        var sim = new HostSimulator(48000, 120, 256) { Input = _ => 0.5f };
        Assert.All(sim.Run(2000).Left, v => Assert.Equal(0f, v));
        sim.Parameters.Set(ParameterId.OutputGain, -60f);
        sim.Processor.Player.Submit(TestLoops.Grid(9, _ => TestLoops.Constant(0.8f, L), 0));
        Assert.All(sim.Run(2000).Left, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Automation_at_a_sample_offset_takes_effect_on_that_sample()
    {
        var sim = new HostSimulator(48000, 120, 4096) { Input = _ => 1f };
        sim.Automate(1000, ParameterId.DryWet, 0f);
        var (left, _, _) = sim.Run(2000);
        Assert.Equal(0f, left[999]);
        Assert.Equal(1f, left[1000]);
    }

    [Fact]
    public void Unprepared_processor_passes_input_through()
    {
        var proc = new PluginProcessor(new PluginParameters());
        float[] inL = [1, 2, 3], outL = new float[3], outR = new float[3];
        proc.Process(inL, [], outL, outR, new TransportInfo(120, true, 0), []);
        Assert.Equal(inL, outL);
        Assert.Equal(inL, outR);
    }

    [Fact]
    public void Process_allocates_nothing_over_ten_thousand_blocks()
    {
        var parameters = new PluginParameters();
        var proc = new PluginProcessor(parameters);
        proc.Prepare(48000, 64);
        var gridA = TestLoops.Grid(9, m => TestLoops.Sine(m, L), 0, 4, 8);
        var gridB = TestLoops.Grid(9, m => TestLoops.Sine(m + 1, L), 2, 6);
        proc.Player.Submit(gridA);
        proc.Capture.Request(1, 4, 120, 48000);
        float[] inL = new float[64], inR = new float[64], outL = new float[64], outR = new float[64];
        var changes = new ParameterChange[] { new(3, ParameterId.Alpha, 0.3f), new(40, ParameterId.Alpha, 0.7f), new(50, ParameterId.OutputGain, 0.5f) };
        long position = 0;

        void RunBlocks(int count)
        {
            for (int b = 0; b < count; b++)
            {
                if (b % 2000 == 1000)
                    proc.Player.Submit(b % 4000 == 1000 ? gridB : gridA);
                changes[2] = changes[2] with { NormalizedValue = b % 2 == 0 ? 0.5f : 0.6f };
                var transport = new TransportInfo(b < count / 2 ? 120 : 121, b % 5000 != 4999, position);
                proc.Process(inL, inR, outL, outR, transport, changes);
                position += 64;
            }
        }

        RunBlocks(1000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunBlocks(10000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(proc.Player.SwapCount > 3);
    }

    [Fact]
    public void Capture_records_the_next_bars_of_input_from_a_bar_line()
    {
        var sim = new HostSimulator(48000, 120, 300) { Position = 10000, Input = s => (s % 1000) / 1000f };
        sim.Processor.Capture.Request(1, 4, 120, 48000);
        Assert.True(sim.Processor.Capture.IsBusy);
        sim.Run(90000);
        Assert.False(sim.Processor.Capture.TryTakeCompleted(out _));
        sim.Run(110000);
        Assert.True(sim.Processor.Capture.TryTakeCompleted(out var audio));
        Assert.Equal(96000, audio!.Left.Length);
        for (int i = 0; i < audio.Left.Length; i++)
            Assert.Equal(((96000 + i) % 1000) / 1000f, audio.Left[i]);
        Assert.Equal(120, audio.Bpm);
        Assert.False(sim.Processor.Capture.IsBusy);
    }

    [Fact]
    public void Capture_before_the_host_gave_a_tempo_is_refused_with_a_reason()
    {
        var proc = new PluginProcessor(new PluginParameters());
        proc.Prepare(48000, 64);
        var e = Assert.Throws<InvalidOperationException>(() => proc.RequestCapture(1));
        Assert.Contains("tempo", e.Message);
    }

    [Fact]
    public void Capture_interrupted_by_a_jump_starts_again_at_the_next_bar_line()
    {
        var sim = new HostSimulator(48000, 120, 500) { Input = s => s };
        sim.Processor.Capture.Request(1, 4, 120, 48000);
        sim.Run(20000);
        sim.Position = 500000; // jump mid-take; next bar line is 576 000
        sim.Run(200000);
        Assert.True(sim.Processor.Capture.TryTakeCompleted(out var audio));
        Assert.Equal(576000f, audio!.Left[0]);
    }
}
