using RiffusionVst.Plugin.Core.Parameters;

namespace RiffusionVst.Plugin.Core.Tests.Parameters;

public class PluginParametersTests
{
    [Fact]
    public void A_fresh_set_holds_the_defaults()
    {
        var p = new PluginParameters();
        Assert.Equal(0f, p.Alpha);
        Assert.Equal(2, p.Bars);
        Assert.Equal(4, p.BeatsPerBar);
        Assert.Equal(1, p.PromptSlotB);
        Assert.Equal(SeedPattern.FourOnTheFloor, p.SeedPattern);
        Assert.False(p.Evolve);
    }

    [Fact]
    public void Regenerate_counts_only_rising_edges()
    {
        var p = new PluginParameters();
        p.Set(ParameterId.Regenerate, 1);
        p.Set(ParameterId.Regenerate, 1);
        p.Set(ParameterId.Regenerate, 0);
        p.SetNormalized(ParameterId.Regenerate, 0.9f);
        Assert.Equal(2, p.RegenerateCount);
    }

    [Fact]
    public void Change_count_moves_only_when_a_value_changes()
    {
        var p = new PluginParameters();
        int before = p.ChangeCount;
        p.Set(ParameterId.Alpha, 0f);
        Assert.Equal(before, p.ChangeCount);
        p.Set(ParameterId.Alpha, 0.5f);
        Assert.Equal(before + 1, p.ChangeCount);
    }

    [Fact]
    public void Prompt_slots_refuse_bad_slots_and_overlong_text()
    {
        var slots = new PromptSlots();
        slots.Set(3, "dub techno");
        Assert.Equal("dub techno", slots[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => slots.Set(8, "x"));
        Assert.Throws<ArgumentException>(() => slots.Set(0, new string('a', PromptSlots.MaxLength + 1)));
    }
}
