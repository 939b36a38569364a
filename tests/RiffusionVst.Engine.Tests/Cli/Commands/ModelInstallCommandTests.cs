using System.CommandLine;
using RiffusionVst.Engine.Cli.Commands;
using RiffusionVst.Engine.Tests.Diffusion.Install;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;
using RiffusionVst.Engine.Tests.Diffusion.Weights;

namespace RiffusionVst.Engine.Tests.Cli.Commands;

public class ModelInstallCommandTests
{
    private static int Invoke(params string[] args)
    {
        var root = new RootCommand { ModelCheckCommand.Create() };
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void InstallFromALocalFolderThatCannotBeBuiltExitsWith1AndInstallsNothing()
    {
        using var temp = new TempFolder();
        string local = TinyDiffusersFolder.Write(Path.Combine(temp.Path, "local"));
        string target = Path.Combine(temp.Path, "installed");

        // Until the graph builder is merged it says so; afterwards it refuses this tiny, incomplete set of tensors.
        Assert.Equal(1, Invoke("model", "install", "--from", local, "--to", target));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void InstallOfARevisionTheHubLacksExitsWith1()
    {
        using var temp = new TempFolder();
        using var hub = new LocalHub(TinyDiffusersFolder.Write(Path.Combine(temp.Path, "served")));
        string target = Path.Combine(temp.Path, "installed");
        Assert.Equal(1, Invoke("model", "install", "--endpoint", hub.Endpoint.AbsoluteUri, "--revision", "v0-missing", "--to", target));
        Assert.False(Directory.Exists(target));
        Assert.Equal(1, hub.Listings);
        Assert.Empty(hub.Requests);
    }

    [Fact]
    public void AnEndpointThatIsNoAddressExitsWith2()
    {
        using var temp = new TempFolder();
        Assert.Equal(2, Invoke("model", "install", "--endpoint", "ftp:/nowhere", "--to", Path.Combine(temp.Path, "installed")));
    }

    [Fact]
    public void InstallFromAPathThatDoesNotExistExitsWith1()
    {
        using var temp = new TempFolder();
        Assert.Equal(1, Invoke("model", "install", "--from", Path.Combine(temp.Path, "nope.ckpt"), "--to", Path.Combine(temp.Path, "installed")));
    }
}
