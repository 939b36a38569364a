using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Engine;

namespace RiffusionVst.Plugin.Tests.Engine;

public class EngineLocationTests
{
    [Fact]
    public void The_environment_variable_names_the_engine_when_set()
    {
        string path = EngineLocation.Resolve(name => name == "RIFFUSION_VST_ENGINE" ? " \"/opt/riffusion/riffusion-engine\" " : null);

        Assert.Equal("/opt/riffusion/riffusion-engine", path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Without_the_variable_the_engine_is_looked_for_next_to_the_plugin(string? value)
    {
        string path = EngineLocation.Resolve(_ => value);

        Assert.Equal(ProcessEngineLauncher.DefaultEnginePath, path);
        string expectedName = OperatingSystem.IsWindows() ? "riffusion-engine.exe" : "riffusion-engine";
        Assert.Equal(expectedName, Path.GetFileName(path));
        Assert.Equal(Path.GetDirectoryName(typeof(ProcessEngineLauncher).Assembly.Location), Path.GetDirectoryName(path));
    }
}
