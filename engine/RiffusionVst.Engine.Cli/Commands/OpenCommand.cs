using System.CommandLine;
using System.Diagnostics;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Engine.Service.Web.Access;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>open</c>: opens the running engine's control page (its address and token from the per-user file) in the default browser.</summary>
internal static class OpenCommand
{
    public static Command Create()
    {
        var pipe = EngineCalls.PipeOption();
        var print = new Option<bool>("--print") { Description = "Print the page's address (with its token) instead of opening a browser." };
        var command = new Command("open", "Open the running engine's control page (prompts, progress, clips, jam) in the default browser.") { pipe, print };
        command.SetAction(parse => CommandRunner.Run(_ =>
        {
            string name = PipeNames.Resolve(parse.GetValue(pipe));
            string? url = PageAddressFile.Read(PageAddressFile.PathFor(name));
            if (url is null || !PipeProbe.IsServedAsync(name).GetAwaiter().GetResult())
            {
                CommandErrors.Error($"No engine with a control page is running on pipe '{name}'; start one with 'riffusion-engine serve' (without --no-http).");
                return CommandErrors.BadInput;
            }

            if (parse.GetValue(print))
            {
                Console.WriteLine(url);
                return 0;
            }

            try
            {
                using var browser = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                CommandErrors.Error($"Could not start a browser ({e.Message}); open this address yourself: {url}");
                return CommandErrors.BadInput;
            }
            Console.WriteLine($"opened {url[..url.IndexOf('?', StringComparison.Ordinal)]} in the default browser");
            return 0;
        }));
        return command;
    }
}
