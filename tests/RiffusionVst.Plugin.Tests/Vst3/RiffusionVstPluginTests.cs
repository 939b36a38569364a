using System.Text;
using AudioPlugSharp;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Vst3;

namespace RiffusionVst.Plugin.Tests.Vst3;

// Drives the real adapter through AudioPlugSharp's managed API the way its VST3 bridge does.
// Compiled only when AudioPlugSharp is available (-p:AudioPlugSharpProject=... or Windows).
public sealed class RiffusionVstPluginTests : IDisposable
{
    private const int Block = 256;
    private readonly List<FakeAudioHost> _hosts = [];

    private (RiffusionVstPlugin Plugin, FakeAudioHost Host) Create(EAudioBitsPerSample bits = EAudioBitsPerSample.Bits32)
    {
        var plugin = new RiffusionVstPlugin(_ => null, TimeSpan.Zero);
        var host = new FakeAudioHost(plugin, 48000, Block, bits);
        _hosts.Add(host);
        return (plugin, host);
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
            host.Dispose();
    }

    [Fact]
    public void Identity_and_ports_are_what_hosts_list()
    {
        var (plugin, _) = Create();

        Assert.Equal("RiffusionVst", plugin.PluginName);
        Assert.Equal("RiffusionVst", plugin.Company);
        Assert.Equal(0x10EE3CB1883C929DUL, plugin.PluginID);
        var input = Assert.Single(plugin.InputPorts);
        var output = Assert.Single(plugin.OutputPorts);
        Assert.Equal(2u, input.NumChannels);
        Assert.Equal(2u, output.NumChannels);
        Assert.True(plugin.SampleFormatsSupported.HasFlag(EAudioBitsPerSample.Bits32));
        Assert.True(plugin.SampleFormatsSupported.HasFlag(EAudioBitsPerSample.Bits64));
    }

    [Fact]
    public void Every_core_parameter_is_one_host_parameter_at_its_id()
    {
        var (plugin, _) = Create();

        Assert.Equal(14, plugin.Parameters.Count);
        for (int i = 0; i < plugin.Parameters.Count; i++)
            Assert.Equal(i, plugin.Parameters[i].ParameterIndex);
        Assert.Equal("alpha", plugin.Parameters[0].ID);
        Assert.Equal("bars", plugin.Parameters[6].ID);
        Assert.Equal("dryWet", plugin.Parameters[12].ID);
        Assert.Equal("freeze", plugin.Parameters[13].ID);
        Assert.Equal("Guidance", plugin.Parameters[4].Name);
        Assert.Equal(0, plugin.Parameters[4].MinValue);
        Assert.Equal(20, plugin.Parameters[4].MaxValue);
    }

    [Theory]
    [InlineData(ParameterId.Guidance, 7.0 / 20.0)]          // 7 on 0–20
    [InlineData(ParameterId.Bars, 1.0 / 3.0)]               // "2 bars", second of four choices
    [InlineData(ParameterId.OutputGain, 60.0 / 72.0)]       // 0 dB on −60…+12
    [InlineData(ParameterId.Seed, 42.0 / 65535.0)]
    [InlineData(ParameterId.DryWet, 1.0)]
    public void Defaults_reach_the_host_in_normalised_form(ParameterId id, double expected)
    {
        var (plugin, _) = Create();
        AudioPluginParameter p = plugin.Parameters[(int)id];

        Assert.Equal(expected, p.GetValueNormalized(p.DefaultValue), 5);
    }

    [Theory]
    [InlineData(ParameterId.Bars, 1.0, "8 bars")]
    [InlineData(ParameterId.Bars, 0.0, "1 bar")]
    [InlineData(ParameterId.OutputGain, 0.0, "-inf dB")]
    [InlineData(ParameterId.Evolve, 1.0, "On")]
    [InlineData(ParameterId.Guidance, 0.35, "7.0")]
    [InlineData(ParameterId.Alpha, 0.5, "0.500")]
    [InlineData(ParameterId.SeedPattern, 0.2, "Boom-bap")]
    public void Hosts_show_the_core_display_text(ParameterId id, double normalized, string expected)
    {
        var (plugin, _) = Create();
        AudioPluginParameter p = plugin.Parameters[(int)id];

        p.NormalizedEditValue = normalized;

        Assert.Equal(expected, p.DisplayValue);
    }

    [Theory]
    [InlineData(EAudioBitsPerSample.Bits32)]
    [InlineData(EAudioBitsPerSample.Bits64)]
    public void Automation_points_take_effect_at_their_sample_offsets_whatever_order_the_host_sends_them(EAudioBitsPerSample bits)
    {
        var (plugin, host) = Create(bits);
        double[] inLeft = Enumerable.Repeat(0.25, Block).ToArray();
        double[] inRight = Enumerable.Repeat(-0.5, Block).ToArray();
        var outLeft = new double[Block];
        var outRight = new double[Block];

        // Alpha's queue first (a later offset), then dry/wet to fully dry at sample 100.
        host.Automate((int)ParameterId.Alpha, 0.8, 200);
        host.Automate((int)ParameterId.DryWet, 0.0, 100);
        host.RunBlock(inLeft, inRight, outLeft, outRight);

        // Fully wet with no loop yet is silence; from sample 100 on, fully dry is the input.
        for (int i = 0; i < Block; i++)
        {
            Assert.Equal(i < 100 ? 0.0 : 0.25, outLeft[i], 6);
            Assert.Equal(i < 100 ? 0.0 : -0.5, outRight[i], 6);
        }
        Assert.Equal(0.8f, plugin.Core.Parameters.Alpha, 5);
        Assert.Equal(0f, plugin.Core.Parameters.DryWet);
    }

    [Fact]
    public void The_host_transport_reaches_the_core_each_block()
    {
        var (plugin, host) = Create();
        var buffer = new double[Block];

        host.BPM = 97.5;
        host.IsPlaying = true;
        host.RunBlock(buffer, buffer, new double[Block], new double[Block]);

        Assert.Equal(97.5, plugin.Core.ObservedBpm);
        Assert.True(plugin.Core.ObservedPlaying);
        Assert.Equal(48000, plugin.Core.SampleRate);
        Assert.Equal(Block, plugin.Core.MaxBlockSize);
    }

    [Fact]
    public void Processing_a_block_with_automation_allocates_nothing()
    {
        var (_, host) = Create();
        var input = new double[Block];
        var outLeft = new double[Block];
        var outRight = new double[Block];
        host.IsPlaying = true;
        void RunOne(int k)
        {
            host.Automate((int)ParameterId.Alpha, (k % 10) / 10.0, 17);
            host.Automate((int)ParameterId.OutputGain, 0.5, 3);
            host.Automate((int)ParameterId.Bars, (k % 4) / 3.0, 0);
            host.RunBlock(input, input, outLeft, outRight);
        }
        for (int k = 0; k < 50; k++)
            RunOne(k);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 200; k++)
            RunOne(k);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Saved_state_restores_parameters_prompts_and_identity_into_a_new_instance_without_reporting_edits()
    {
        var (original, host) = Create();
        var silence = new double[Block];
        host.Automate((int)ParameterId.Bars, 1.0, 0);
        host.Automate((int)ParameterId.Guidance, 0.5, 10);
        host.RunBlock(silence, silence, new double[Block], new double[Block]);
        original.Prompts.Set(3, "dusty vinyl breakbeat, 90 bpm");
        byte[] saved = original.SaveState()!;

        var (restored, restoredHost) = Create();
        int editsBefore = restoredHost.EditsReported;
        restored.RestoreState(saved);

        Assert.Equal(8, restored.Core.Parameters.Bars);
        Assert.Equal(10f, restored.Core.Parameters.Guidance, 4);
        Assert.Equal("dusty vinyl breakbeat, 90 bpm", restored.Prompts[3]);
        Assert.Equal(original.InstanceId, restored.InstanceId);
        // The controller side reports the restored values to the host...
        Assert.Equal(1.0, restored.Parameters[(int)ParameterId.Bars].NormalizedEditValue, 6);
        Assert.Equal(0.5, restored.Parameters[(int)ParameterId.Guidance].NormalizedEditValue, 6);
        // ...without telling the host they were edits (no automation or undo entries).
        Assert.Equal(editsBefore, restoredHost.EditsReported);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"format\":\"SomethingElse\",\"parameters\":{\"bars\":8}}")]
    [InlineData("")]
    public void Corrupt_or_foreign_state_gives_defaults_and_never_throws(string data)
    {
        var (plugin, host) = Create();
        var silence = new double[Block];
        host.Automate((int)ParameterId.Bars, 1.0, 0);
        host.RunBlock(silence, silence, new double[Block], new double[Block]);
        Assert.Equal(8, plugin.Core.Parameters.Bars);

        plugin.RestoreState(Encoding.UTF8.GetBytes(data));

        Assert.Equal(2, plugin.Core.Parameters.Bars);
        Assert.Equal(7f, plugin.Core.Parameters.Guidance);
        Assert.Equal(PromptSlots.DefaultText(0), plugin.Prompts[0]);
    }

    [Fact]
    public void Restoring_no_state_keeps_the_current_settings()
    {
        var (plugin, host) = Create();
        var silence = new double[Block];
        host.Automate((int)ParameterId.Seed, 1.0, 0);
        host.RunBlock(silence, silence, new double[Block], new double[Block]);

        plugin.RestoreState(null);

        Assert.Equal(65535, plugin.Core.Parameters.Seed);
    }
}
