using System.Diagnostics;
using System.Collections.Concurrent;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Protocol.Messages;
using PipelineSeedImages = RiffusionVst.Engine.Diffusion.Pipeline.SeedImages;

namespace RiffusionVst.Engine.Service.Generation;

/// <summary>
/// The no-diffusion mode: the image is the seed itself (the pattern's or the user audio's spectrogram on the native
/// grid; <see cref="SeedPatternNames.Default"/> when the request names none). Prompts, alpha and steps do not change it. Useful
/// without a model, and as a fast real generator in tests.
/// </summary>
public sealed class SeedPatternImageGenerator : IImageGenerator
{
    /// <summary>The model id this mode puts into cache keys.</summary>
    public const string ModelIdValue = "no-diffusion";

    // Pattern images depend only on (pattern, bars, beats per bar): make each once.
    private readonly ConcurrentDictionary<(string, int, int), RgbImage> _patterns = new();
    private readonly Lock _converterGate = new();
    private readonly SpectrogramConverter _converter = new();

    /// <inheritdoc/>
    public GeneratorInfo Info { get; } = new()
    {
        ModelId = ModelIdValue,
        ModelName = "no diffusion (seed spectrogram)",
        Device = "cpu",
        RunsDiffusion = false,
        Schedulers = SchedulerNames.All,
    };

    /// <inheritdoc/>
    public GeneratedImage Generate(ImageRequest request, GenerationProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        progress?.Invoke(ProgressStage.EncodingSeed, 0, 1);
        RgbImage image;
        if (request.SeedAudio is { } audio)
        {
            lock (_converterGate)
                image = PipelineSeedImages.FromAudio(audio, request.Bars, request.BeatsPerBar, null, _converter);
        }
        else
        {
            SeedPattern pattern = SeedPatternCatalog.Get(request.SeedPattern ?? SeedPatternNames.Default);
            image = _patterns.GetOrAdd((pattern.Name, request.Bars, request.BeatsPerBar), _ =>
            {
                lock (_converterGate)
                    return PipelineSeedImages.FromPattern(pattern, request.Bars, request.BeatsPerBar, _converter);
            });
        }

        progress?.Invoke(ProgressStage.EncodingSeed, 1, 1);

        // Making the seed image is all this mode does: it is the diffusion time, and nothing is decoded.
        return new GeneratedImage(image, Stopwatch.GetElapsedTime(started), TimeSpan.Zero);
    }
}
