using System.Text;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.State;

namespace RiffusionVst.Plugin.Core.Tests.State;

public class PluginStateSerializerTests
{
    [Fact]
    public void Every_parameter_and_prompt_slot_round_trips()
    {
        var p = new PluginParameters();
        var slots = new PromptSlots();
        p.Set(ParameterId.Alpha, 0.3f);
        p.Set(ParameterId.PromptSlotA, 5);
        p.Set(ParameterId.PromptSlotB, 7);
        p.Set(ParameterId.Denoising, 0.4f);
        p.Set(ParameterId.Guidance, 9.5f);
        p.Set(ParameterId.Seed, 12345);
        p.Set(ParameterId.Bars, 8);
        p.Set(ParameterId.BeatsPerBar, 7);
        p.Set(ParameterId.SeedPattern, (float)SeedPattern.Shuffle);
        p.Set(ParameterId.Evolve, 1);
        p.Set(ParameterId.OutputGain, -3.5f);
        p.Set(ParameterId.DryWet, 0.6f);
        for (int i = 0; i < 8; i++)
            slots.Set(i, $"prompt {i} \"quoted\" ünïcode");

        var saved = PluginState.Capture(p, slots);
        byte[] data = PluginStateSerializer.Save(saved);
        var result = PluginStateSerializer.Load(data);
        Assert.Null(result.Warning);
        Assert.Equal(saved.InstanceId, result.State.InstanceId);
        Assert.NotEqual(Guid.Empty, saved.InstanceId);
        var p2 = new PluginParameters();
        var slots2 = new PromptSlots();
        result.State.ApplyTo(p2, slots2);
        foreach (var d in ParameterCatalog.All)
            Assert.Equal(p.Get(d.Id), p2.Get(d.Id));
        Assert.Equal(slots.ToArray(), slots2.ToArray());
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_missing_parameters_keep_their_defaults()
    {
        string json = """{"format":"RiffusionVst.State","version":1,"future":{"x":1},"parameters":{"alpha":0.5,"wobble":3},"promptSlots":["a","b"]}""";
        var result = PluginStateSerializer.Load(Encoding.UTF8.GetBytes(json));
        Assert.Null(result.Warning);
        Assert.Equal(0.5f, result.State.Values[(int)ParameterId.Alpha]);
        Assert.Equal(7f, result.State.Values[(int)ParameterId.Guidance]);
        Assert.Equal("b", result.State.PromptTexts[1]);
        Assert.Equal(PromptSlots.DefaultText(2), result.State.PromptTexts[2]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"format":"SomethingElse"}""")]
    public void Corrupt_state_gives_defaults_and_a_warning(string text)
    {
        var result = PluginStateSerializer.Load(Encoding.UTF8.GetBytes(text));
        Assert.NotNull(result.Warning);
        Assert.Equal(ParameterCatalog.All.Select(d => d.DefaultValue), result.State.Values);
    }

    [Fact]
    public void Random_bytes_never_crash_the_loader()
    {
        var rng = new Random(1);
        for (int k = 0; k < 200; k++)
        {
            var bytes = new byte[rng.Next(0, 64)];
            rng.NextBytes(bytes);
            Assert.NotNull(PluginStateSerializer.Load(bytes).Warning);
        }
    }

    [Fact]
    public void A_bad_field_falls_back_alone_and_is_named_in_the_warning()
    {
        string json = """{"format":"RiffusionVst.State","version":1,"parameters":{"alpha":"high","seed":7,"bars":3},"promptSlots":[1,"x"]}""";
        var result = PluginStateSerializer.Load(Encoding.UTF8.GetBytes(json));
        Assert.Contains("alpha", result.Warning);
        Assert.Contains("prompt slot 1", result.Warning);
        Assert.Equal(0f, result.State.Values[(int)ParameterId.Alpha]);
        Assert.Equal(7f, result.State.Values[(int)ParameterId.Seed]);
        Assert.Equal(2f, result.State.Values[(int)ParameterId.Bars]); // 3 lies midway between 2 and 4; ties go to the first choice
        Assert.Equal("x", result.State.PromptTexts[1]);
    }
}
