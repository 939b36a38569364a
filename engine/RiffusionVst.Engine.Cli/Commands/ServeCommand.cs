using System.CommandLine;
using System.Runtime.InteropServices;
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
    public static Command Create()
    {
        var pipe = EngineCalls.PipeOption();
        var model = new Option<string?>("--model") { Description = $"Model folder (ONNX export of riffusion-model-v1). Default: the {ModelLocator.EnvironmentVariable} environment variable, then the per-user models folder." };
        var device = new Option<ExecutionDevice>("--device") { Description = "Where the model runs: Auto, Cpu, Cuda, DirectML or CoreML (falls back to the CPU with a message).", DefaultValueFactory = _ => ExecutionDevice.Auto };
        var clips = new Option<string?>("--clips") { Description = $"Folder for clip files (WAV, PNG, JSON). Default: {ClipLibrary.DefaultFolder()}." };
        var noClips = new Option<bool>("--no-clips") { Description = "Write no clip files." };
        var cache = new Option<string?>("--cache") { Description = $"Folder for cached spectrogram images. Default: {DefaultCacheFolder()}." };
        var noDiffusion = new Option<bool>("--no-diffusion") { Description = "Load no model: every loop is its seed pattern's own spectrogram (for trying the plugin and the audio path)." };
        var diffusionJobs = new Option<int>("--diffusion-jobs") { Description = "Generator runs at once (one per device).", DefaultValueFactory = _ => 1 };
        var reconstructionJobs = new Option<int>("--reconstruction-jobs") { Description = "Image-to-loop reconstructions at once (they overlap diffusion).", DefaultValueFactory = _ => 1 };
        var verbose = new Option<bool>("--verbose") { Description = "Log debug details too." };
        var httpPort = new Option<int>("--http-port") { Description = "Port of the control page on loopback (127.0.0.1 and ::1); 0 picks a free one.", DefaultValueFactory = _ => WebSurfaceOptions.DefaultPort };
        var noHttp = new Option<bool>("--no-http") { Description = "Serve no control page." };
        var command = new Command("serve", "Run the engine service for RiffusionVst plugins: one per user and pipe name; logs go to standard error.")
        {
            pipe, model, device, clips, noClips, cache, noDiffusion, diffusionJobs, reconstructionJobs, verbose, httpPort, noHttp,
        };
        httpPort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
                result.AddError("--http-port must be a TCP port, 0 to 65535 (0 picks a free one).");
        });

        // A synchronous action on purpose: the engine handles Ctrl+C and SIGTERM itself, so that it can cancel jobs and
        // finish clip files instead of being ended after the parser's fixed grace period.
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var log = new EngineLog(Console.Error, parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Info);
            var options = new EngineServerOptions
            {
                PipeName = parse.GetValue(pipe),
                ClipsFolder = parse.GetValue(noClips) ? null : parse.GetValue(clips) ?? ClipLibrary.DefaultFolder(),
                CacheFolder = parse.GetValue(cache) ?? DefaultCacheFolder(),
                MaxConcurrentDiffusion = parse.GetValue(diffusionJobs),
                MaxConcurrentReconstruction = parse.GetValue(reconstructionJobs),
                Web = parse.GetValue(noHttp) ? null : new WebSurfaceOptions { Port = parse.GetValue(httpPort) },
            };
            // Loading a model takes a while: find out first whether another engine already serves this name.
            string name = PipeNames.Resolve(options.PipeName);
            if (PipeProbe.IsServedAsync(name).GetAwaiter().GetResult())
            {
                CommandErrors.Error($"An engine is already running on pipe '{name}'; use it, stop it, or choose another name with --pipe.");
                return CommandErrors.BadInput;
            }

            var generator = ChooseGenerator(parse.GetValue(noDiffusion), parse.GetValue(model), parse.GetValue(device), log);
            try
            {
                return RunAsync(options with { PipeName = name }, generator, log).GetAwaiter().GetResult();
            }
            finally
            {
                (generator as IDisposable)?.Dispose();
            }
        }));
        return command;
    }

    /// <summary>The per-user folder for cached spectrogram images (beside the tiny model's cache).</summary>
    public static string DefaultCacheFolder() =>
        Path.Combine(Path.GetDirectoryName(ModelLocator.DefaultTinyModelFolder())!, "images");

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

    private static async Task<int> RunAsync(EngineServerOptions options, IImageGenerator generator, EngineLog log)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!stop.IsCancellationRequested)
                log.Info($"{context.Signal} received");
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        EngineServer server;
        try
        {
            server = await EngineServer.StartAsync(options, generator, new PooledLoopRenderer(), log).ConfigureAwait(false);
        }
        catch (PipeNameInUseException e)
        {
            CommandErrors.Error(e.Message);
            return CommandErrors.BadInput;
        }

        await using (server.ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await server.StopAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
