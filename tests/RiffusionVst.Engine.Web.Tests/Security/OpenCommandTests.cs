using System.Diagnostics;
using RiffusionVst.Engine.Web.Tests.Hosting;
using RiffusionVst.Plugin.Acceptance.Tests.Engine;

namespace RiffusionVst.Engine.Web.Tests.Security;

/// <summary><c>riffusion-engine open</c> against the running engine and against a pipe nobody serves.</summary>
[Collection(ControlSurfaceCollection.Name)]
public sealed class OpenCommandTests(ControlSurface surface)
{
    [Fact]
    public async Task Open_print_gives_the_running_engines_page_link()
    {
        var (code, output) = await RunAsync("open", "--print", "--pipe", surface.Engine.PipeName);
        Assert.Equal(0, code);
        Assert.Equal(surface.PageUrl, output.Trim());
    }

    [Fact]
    public async Task Open_for_a_pipe_nobody_serves_says_so_and_exits_1()
    {
        var (code, output) = await RunAsync("open", "--print", "--pipe", "web-nobody-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(1, code);
        Assert.Contains("No engine with a control page is running on pipe 'web-nobody-", output);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    public async Task Serve_refuses_an_http_port_that_is_no_tcp_port(string port)
    {
        var (code, output) = await RunAsync("serve", "--no-diffusion", "--pipe", "web-port-" + Guid.NewGuid().ToString("N")[..8], "--http-port", port);
        Assert.Equal(2, code); // a usage error
        Assert.Contains("--http-port must be 0 to 65535", output);
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(EngineLocation.DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(EngineLocation.EngineAssembly);
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
