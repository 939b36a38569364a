using System.Text;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Tests.State;

/// <summary>The instance's name (given on the engine's control page) is saved with the project.</summary>
public sealed class InstanceNameStateTests
{
    [Fact]
    public void A_name_round_trips_with_the_state()
    {
        var state = new PluginState { Name = "Bass line, bridge" };
        Assert.Equal("Bass line, bridge", PluginStateSerializer.Load(PluginStateSerializer.Save(state)).State.Name);
    }

    [Fact]
    public void A_state_saved_before_names_existed_loads_with_no_name_and_no_warning()
    {
        var saved = Encoding.UTF8.GetString(PluginStateSerializer.Save(new PluginState { Name = "x" })).Replace("\"name\":\"x\",", "");
        var result = PluginStateSerializer.Load(Encoding.UTF8.GetBytes(saved));
        Assert.Null(result.Warning);
        Assert.Equal("", result.State.Name);
    }

    [Fact]
    public void A_saved_name_is_kept_to_one_trimmed_line_of_at_most_the_protocols_length()
    {
        Assert.Equal("two lines", PluginState.CleanName("  two\nlines  "));
        Assert.Equal(RenameInstance.MaxNameLength, PluginState.CleanName(new string('n', 5000)).Length);
        Assert.Equal("", PluginState.CleanName(null));
    }
}
