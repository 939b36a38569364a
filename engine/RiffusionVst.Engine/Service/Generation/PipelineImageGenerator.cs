using System.Diagnostics;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Generation;

/// <summary>The real generator: <see cref="RiffusionPipeline"/> on an opened model, with seed images, masks and progress mapped from the service's requests.</summary>
/// <remarks>One generation at a time (the pipeline and the model's sessions are not thread-safe); a second caller waits.</remarks>
public sealed class PipelineImageGenerator : IImageGenerator, IDisposable
{
    private readonly ModelFolder _model;
    private readonly RiffusionPipeline _pipeline;
    private readonly SeedImageSource _seeds = new();
    private readonly Lock _gate = new();

    /// <summary>Wraps an opened model; the generator owns it from now on.</summary>
    public PipelineImageGenerator(ModelFolder model, string modelName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        _model = model;
        _pipeline = RiffusionPipeline.Create(model);
        var description = model.Description;
        Info = new GeneratorInfo
        {
            ModelId = ModelIdentity(model.FolderPath, modelName),
            ModelName = modelName,
            IsTiny = description.IsTinyModel,
            Device = description.Provider.Device.ToString().ToLowerInvariant(),
            RunsDiffusion = true,
            Schedulers = SchedulerNames.All,
            Masks = MaskImages.Names,
            HonoursNegativePrompt = true,
        };
    }

    /// <inheritdoc/>
    public GeneratorInfo Info { get; }

    /// <inheritdoc/>
    public GeneratedImage Generate(ImageRequest request, GenerationProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            progress?.Invoke(ProgressStage.EncodingSeed, 0, 1);
            int width = request.Columns;
            int height = SpectrogramParameters.Riffusion.MelBands;
            RgbImage? seed = _seeds.Image(SeedDescription.FromRequest(request.SeedPattern, request.SeedAudio), request.Bars, request.BeatsPerBar);
            RgbImage? mask =
                request.MaskPng is { } png ? PngFile.Decode(png, "MaskPng").Image :
                request.MaskName is { } maskName && MaskImages.Names.Contains(maskName, StringComparer.OrdinalIgnoreCase) ? MaskImages.FromSpec(maskName, width, height) :
                request.MaskName is { } unknown ? throw new ArgumentException($"Unknown mask '{unknown}'; use one of: {string.Join(", ", MaskImages.Names)}.") :
                null;
            var diffusion = new DiffusionRequest
            {
                Start = new PromptSettings(request.PromptA.Text, request.PromptA.Seed, request.PromptA.Denoising, request.PromptA.Guidance),
                End = new PromptSettings(request.PromptB.Text, request.PromptB.Seed, request.PromptB.Denoising, request.PromptB.Guidance),
                Alpha = request.Alpha,
                Steps = request.Steps,
                Scheduler = SchedulerNames.Find(request.Scheduler)
                    ?? throw new ArgumentException($"Scheduler '{request.Scheduler}' is not available; use one of: {string.Join(", ", SchedulerNames.All)}."),
                NegativePrompt = request.NegativePrompt,
                Noise = NoiseSource.FromName(request.Noise),
                SeedImage = seed,
                Mask = seed is null ? null : mask,
                Width = width,
                Height = height,
            };
            progress?.Invoke(ProgressStage.EncodingPrompt, 0, 1);
            TimeSpan preparing = Stopwatch.GetElapsedTime(started);
            DiffusionResult result = _pipeline.Generate(diffusion, new StepReporter(progress), cancellationToken);

            // The pipeline times its own stages; making the seed and mask images before it counts as diffusion too.
            TimeSpan diffusing = preparing + result.TextEncodingTime + result.ImageEncodingTime + result.DenoisingTime;
            return new GeneratedImage(result.Image, diffusing, result.DecodingTime);
        }
    }

    /// <summary>Closes the model's sessions.</summary>
    public void Dispose() => _model.Dispose();

    // Different weights must never share cached images: the id covers the folder and the UNet file's size and time.
    private static string ModelIdentity(string folder, string name)
    {
        var unet = new FileInfo(Path.Combine(folder, ModelFolder.UNetFile));
        return $"{name}|{Path.GetFullPath(folder)}|{(unet.Exists ? unet.Length : 0)}|{(unet.Exists ? unet.LastWriteTimeUtc.Ticks : 0)}";
    }

    // Synchronous (Progress<T> would post to the thread pool and reorder steps); after the last step decoding starts.
    private sealed class StepReporter(GenerationProgress? progress) : IProgress<DiffusionProgress>
    {
        public void Report(DiffusionProgress value)
        {
            progress?.Invoke(ProgressStage.Diffusing, value.Step, value.TotalSteps);
            if (value.Step == value.TotalSteps)
                progress?.Invoke(ProgressStage.Decoding, 0, 1);
        }
    }
}
