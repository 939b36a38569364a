using System.CommandLine;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Install;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Weights;
using Spectre.Console;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary>
/// <c>model install</c>: downloads riffusion-model-v1 from the Hugging Face hub (or takes local weights with
/// <c>--from</c>), builds the ONNX graphs, checks them and moves the folder into place (see <see cref="ModelInstaller"/>).
/// </summary>
internal static class ModelInstallCommand
{
    /// <summary>The <c>install</c> subcommand of <c>model</c>.</summary>
    public static Command Create()
    {
        var fp16 = new Option<bool>("--fp16") { Description = "Build fp16 graphs (half the disk and memory; what GPUs want). Default: fp32." };
        var revision = new Option<string>("--revision")
        {
            Description = "Branch, tag, commit or pull-request ref on the hub (e.g. refs/pr/11).",
            DefaultValueFactory = _ => "main",
        };
        var to = new Option<DirectoryInfo?>("--to") { Description = $"Install into this folder instead of the per-user models folder ({ModelLocator.DefaultUserModelFolder()})." };
        var from = new Option<FileSystemInfo?>("--from") { Description = "Install from a local diffusers folder or a single .ckpt/.safetensors file instead of downloading (no network)." };
        var endpoint = new Option<string?>("--endpoint") { Description = $"The hub's address (default: the {HubClient.EndpointVariable} environment variable, else {HubClient.DefaultEndpoint})." };
        var repository = new Option<string>("--repository")
        {
            Description = "The model repository on the hub (owner/name).",
            DefaultValueFactory = _ => ModelInstallOptions.RiffusionRepository,
        };
        var command = new Command(
            "install",
            "Download riffusion-model-v1 (resumable, sha256-checked), build its ONNX graphs, check them and install the folder where the engine looks. Nothing half-built is ever loaded.")
        {
            fp16, revision, to, from, endpoint, repository,
        };
        command.SetAction(parse => CommandRunner.Run(async cancellation =>
        {
            var options = new ModelInstallOptions
            {
                Target = parse.GetValue(to)?.FullName ?? ModelLocator.DefaultUserModelFolder(),
                Revision = parse.GetValue(revision)!,
                Repository = parse.GetValue(repository)!,
                FromPath = parse.GetValue(from)?.FullName,
                Endpoint = Endpoint(parse.GetValue(endpoint) ?? Environment.GetEnvironmentVariable(HubClient.EndpointVariable)),
                Graphs = new GraphBuildOptions
                {
                    Precision = parse.GetValue(fp16) ? ModelPrecision.Float16 : ModelPrecision.Float32,
                    Progress = new LineProgress(),
                },
                Steps = new LineProgress(),
                DownloadProgress = new DownloadBar(),
            };
            return await RunAsync(options, cancellation).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> RunAsync(ModelInstallOptions options, CancellationToken cancellation)
    {
        try
        {
            ModelInstallResult result = await new ModelInstaller(options).InstallAsync(cancellation).ConfigureAwait(false);
            Console.Write(result.Check.ToText().Replace(ModelInstaller.WorkFolderFor(result.Folder) + Path.DirectorySeparatorChar + "model", result.Folder, StringComparison.Ordinal));
            return 0;
        }
        catch (Exception e) when (e is ModelInstallException or WeightFileException)
        {
            CommandErrors.Error(e.Message);
            return CommandErrors.BadInput;
        }
    }

    private static Uri Endpoint(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return HubClient.DefaultEndpoint;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"the hub endpoint '{value}' (--endpoint or {HubClient.EndpointVariable}) is not an http(s) address; give e.g. https://huggingface.co.");
    }

    /// <summary>Prints each step on standard error as it happens.</summary>
    private sealed class LineProgress : IProgress<string>
    {
        public void Report(string value) => Output.Errors.MarkupLine($"[green]✓[/] {Markup.Escape(value)}");
    }

    /// <summary>
    /// One progress line per file on standard error (MB, MB/s, ETA), redrawn in place on a terminal; when standard
    /// error is a file or pipe, a line at every tenth of the file instead of hundreds of redraws.
    /// </summary>
    private sealed class DownloadBar : IProgress<DownloadProgress>
    {
        private readonly bool _redraw = !Console.IsErrorRedirected;
        private string? _file;
        private int _tenth = -1;

        public void Report(DownloadProgress value)
        {
            bool done = value.Total >= 0 && value.Done >= value.Total;
            if (_redraw)
            {
                Console.Error.Write($"\r{value.ToLine()}   " + (done ? Environment.NewLine : string.Empty));
                return;
            }

            int tenth = value.Total > 0 ? (int)(10 * value.Done / value.Total) : 0;
            if (value.File != _file || tenth != _tenth)
            {
                _file = value.File;
                _tenth = tenth;
                Console.Error.WriteLine(value.ToLine());
            }
        }
    }
}
