namespace RiffusionVst.Plugin.Core.Tests;

public class PluginInfoTests
{
    [Fact]
    public void Plugin_has_a_name() => Assert.Equal("RiffusionVst", RiffusionVst.Plugin.Core.PluginInfo.Name);
}
