using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Service.Generation;

/// <summary>The seam between the service and whatever makes spectrogram images (the diffusion pipeline, or none).</summary>
/// <remarks>The service calls <see cref="Generate"/> from one worker thread per running job; an implementation that
/// cannot run two jobs at once must say so through the server's diffusion concurrency setting (1 by default).</remarks>
public interface IImageGenerator
{
    /// <summary>What this generator is.</summary>
    GeneratorInfo Info { get; }

    /// <summary>
    /// Makes the spectrogram image for <paramref name="request"/>: <see cref="SpectrogramParameters.MelBands"/> rows
    /// high and <see cref="ImageRequest.Columns"/> wide. Reports steps through <paramref name="progress"/> and stops
    /// with <see cref="OperationCanceledException"/> at the next step once <paramref name="cancellationToken"/> fires.
    /// Returns the image with the generator's own timings (the service reports them; it never infers them from progress).
    /// </summary>
    GeneratedImage Generate(ImageRequest request, GenerationProgress? progress, CancellationToken cancellationToken);
}
