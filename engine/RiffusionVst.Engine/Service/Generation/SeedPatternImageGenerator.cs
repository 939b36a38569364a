using System.Diagnostics;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Protocol.Messages;

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

    // Pattern images depend only on (pattern, bars, beats per bar): the source makes each once.
    private readonly SeedImageSource _seeds = new();

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
        RgbImage image = _seeds.OwnSound(SeedDescription.FromRequest(request.SeedPattern, request.SeedAudio), request.Bars, request.BeatsPerBar);

        progress?.Invoke(ProgressStage.EncodingSeed, 1, 1);

        // Making the seed image is all this mode does: it is the diffusion time, and nothing is decoded.
        return new GeneratedImage(image, Stopwatch.GetElapsedTime(started), TimeSpan.Zero);
    }
}
