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
    public void Install_from_a_local_folder_that_cannot_be_built_exits_with_1_and_installs_nothing()
    {
        using var temp = new TempFolder();
        string local = TinyDiffusersFolder.Write(Path.Combine(temp.Path, "local"));
        string target = Path.Combine(temp.Path, "installed");

        // Until the graph builder is merged it says so; afterwards it refuses this tiny, incomplete set of tensors.
        Assert.Equal(1, Invoke("model", "install", "--from", local, "--to", target));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Install_of_a_revision_the_hub_lacks_exits_with_1()
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
    public void An_endpoint_that_is_no_address_exits_with_2()
    {
        using var temp = new TempFolder();
        Assert.Equal(2, Invoke("model", "install", "--endpoint", "ftp:/nowhere", "--to", Path.Combine(temp.Path, "installed")));
    }

    [Fact]
    public void Install_from_a_path_that_does_not_exist_exits_with_1()
    {
        using var temp = new TempFolder();
        Assert.Equal(1, Invoke("model", "install", "--from", Path.Combine(temp.Path, "nope.ckpt"), "--to", Path.Combine(temp.Path, "installed")));
    }
}
