using System.CommandLine;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Cli.Options;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Service;
using RiffusionVst.Engine.Service.Clips;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Logging;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Engine.Service.Web;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>serve</c>: the engine service the plugin talks to, until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    /// <summary>How long a stopping engine may take to cancel its jobs (at their next step) and finish the clip files being written.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var pipe = EngineCalls.PipeOption();
        var model = new Option<string?>("--model") { Description = $"Model folder (ONNX export of riffusion-model-v1). Default: the {ModelLocator.EnvironmentVariable} environment variable, then the per-user models folder.", HelpName = "folder" };
        var device = CommonOptions.Device(ExecutionDevice.Auto);
        var clips = new Option<string?>("--clips") { Description = $"Folder for clip files (WAV, PNG, JSON). Default: {ClipLibrary.DefaultFolder()}.", HelpName = "folder" };
        var noClips = new Option<bool>("--no-clips") { Description = "Write no clip files." };
        var cache = new Option<string?>("--cache") { Description = $"Folder for cached spectrogram images. Default: {DefaultCacheFolder()}.", HelpName = "folder" };
        var noDiffusion = new Option<bool>("--no-diffusion") { Description = "Load no model: every loop is its seed pattern's own spectrogram (for trying the plugin and the audio path)." };
        var diffusionJobs = CliOptions.Integer("--diffusion-jobs", "Generator runs at once (one per device)", 1, 1, 16);
        var reconstructionJobs = CliOptions.Integer("--reconstruction-jobs", "Image-to-loop reconstructions at once (they overlap diffusion)", 1, 1, 64);
        var verbose = new Option<bool>("--verbose") { Description = "Log debug details too." };
        var httpPort = CliOptions.Integer("--http-port", "Port of the control page on loopback (127.0.0.1 and ::1); 0 picks a free one", WebSurfaceOptions.DefaultPort, 0, 65535);
        var noHttp = new Option<bool>("--no-http") { Description = "Serve no control page." };
        var command = new Command("serve", "Run the engine service for RiffusionVst plugins: one per user and pipe name; logs go to standard error.")
        {
            pipe, model, device, clips, noClips, cache, noDiffusion, diffusionJobs, reconstructionJobs, verbose, httpPort, noHttp,
        };
        // Ctrl+C and SIGTERM are the normal way to stop the service: it cancels running jobs, finishes clip files and exits 0.
        command.SetAction(parse => CommandRunner.Run(stop =>
        {
            var log = new EngineLog(Console.Error, parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Info);
            if (parse.GetValue(noDiffusion) && parse.GetValue(model) is not null)
                throw CliException.Usage("--no-diffusion loads no model, so --model would have no effect; leave one of them out.");
            if (parse.GetValue(noClips) && parse.GetValue(clips) is not null)
                throw CliException.Usage("--no-clips writes no clip files, so --clips would have no effect; leave one of them out.");
            if (parse.GetValue(model) is { } modelFolder)
                InputFiles.RequireFolder(Path.GetFullPath(modelFolder), "--model");
            var options = new EngineServerOptions
            {
                PipeName = parse.GetValue(pipe),
                ClipsFolder = parse.GetValue(noClips) ? null : Folder(parse.GetValue(clips) ?? ClipLibrary.DefaultFolder(), "--clips"),
                CacheFolder = Folder(parse.GetValue(cache) ?? DefaultCacheFolder(), "--cache"),
                MaxConcurrentDiffusion = parse.GetValue(diffusionJobs),
                MaxConcurrentReconstruction = parse.GetValue(reconstructionJobs),
                Web = parse.GetValue(noHttp) ? null : new WebSurfaceOptions { Port = parse.GetValue(httpPort) },
            };
            return RunAsync(options, () => ChooseGenerator(parse.GetValue(noDiffusion), parse.GetValue(model), parse.GetValue(device), log), log, stop);
        }, StopGrace, stoppedBySignal: 0));
        return command;
    }

    /// <summary>The per-user folder for cached spectrogram images (beside the tiny model's cache).</summary>
    public static string DefaultCacheFolder() =>
        Path.Combine(Path.GetDirectoryName(ModelLocator.DefaultTinyModelFolder())!, "images");

    private static async Task<int> RunAsync(EngineServerOptions options, Func<IImageGenerator> chooseGenerator, EngineLog log, CancellationToken stop)
    {
        // Loading a model takes a while: find out first whether another engine already serves this name.
        string name = PipeNames.Resolve(options.PipeName);
        if (await PipeProbe.IsServedAsync(name, cancellationToken: stop).ConfigureAwait(false))
            throw CliException.BadInput($"An engine is already running on pipe '{name}'; use it, stop it, or choose another name with --pipe.");

        var generator = chooseGenerator();
        try
        {
            EngineServer server;
            try
            {
                server = await EngineServer.StartAsync(options with { PipeName = name }, generator, new PooledLoopRenderer(), log).ConfigureAwait(false);
            }
            catch (PipeNameInUseException e)
            {
                throw CliException.BadInput(e.Message);
            }

            await using (server.ConfigureAwait(false))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    log.Info("stop requested (Ctrl+C or SIGTERM)");
                }

                await server.StopAsync().ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            (generator as IDisposable)?.Dispose();
        }
    }

    // A folder the engine will make and write: it must not be a file.
    private static string Folder(string path, string name)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
            throw CliException.BadInput($"{name} {full} is a file; give a folder.");
        return full;
    }

    private static IImageGenerator ChooseGenerator(bool noDiffusion, string? model, ExecutionDevice device, EngineLog log)
    {
        if (noDiffusion)
            return new SeedPatternImageGenerator();

        ModelLocation location = new ModelLocator().Locate(model);
        log.Info($"loading the model from {location.FolderPath} ({location.Source}) on {device}");
        ModelFolder folder = ModelFolder.Open(location.FolderPath, device);
        try
        {
            if (folder.Description.Provider.FallbackMessage is { } fallback)
                log.Warning(fallback);
            string name = location.IsTinyModel ? "tiny generated model" : Path.GetFileName(location.FolderPath.TrimEnd(Path.DirectorySeparatorChar));
            return new PipelineImageGenerator(folder, name);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }
}
