using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>
/// Everything one generation needs: the start and end prompt settings and the position between them,
/// the step count and scheduler, an optional seed image (img2img; none means text-to-image) and mask.
/// </summary>
public sealed record DiffusionRequest
{
    /// <summary>Riffusion's default number of inference steps.</summary>
    public const int DefaultSteps = ProtocolLimits.DefaultSteps;

    /// <summary>Most inference steps accepted: the protocol's limit (half the 1 000 training steps, so steps_offset stays on the grid).</summary>
    public const int MaxSteps = ProtocolLimits.MaxSteps;

    /// <summary>Highest guidance scale accepted: the protocol's limit.</summary>
    public const double MaxGuidance = ProtocolLimits.MaxGuidance;

    /// <summary>The start of the interpolation (alpha 0).</summary>
    public required PromptSettings Start { get; init; }

    /// <summary>The end of the interpolation (alpha 1); null means the same as <see cref="Start"/>.</summary>
    public PromptSettings? End { get; init; }

    /// <summary>Position between start and end in [0, 1].</summary>
    public double Alpha { get; init; }

    /// <summary>Number of inference steps.</summary>
    public int Steps { get; init; } = DefaultSteps;

    /// <summary>Scheduler name, one of <see cref="Protocol.Messages.SchedulerNames.All"/>; null uses the model's own (PNDM for Riffusion).</summary>
    public string? Scheduler { get; init; }

    /// <summary>The prompt the unconditional branch of guidance uses (empty by default, as Riffusion).</summary>
    public string NegativePrompt { get; init; } = string.Empty;

    /// <summary>The seed image for img2img, resized down to a multiple of 32; null generates from noise.</summary>
    public RgbImage? SeedImage { get; init; }

    /// <summary>A greyscale mask over the seed image: white is repainted, black keeps the seed image. Needs <see cref="SeedImage"/>.</summary>
    public RgbImage? Mask { get; init; }

    /// <summary>Which generator draws the noise, and in which structure (portable by default; see <see cref="NoiseSource"/>).</summary>
    public NoiseSource Noise { get; init; } = NoiseSource.Portable;

    /// <summary>Image width for text-to-image (a multiple of 8; 256 a bar).</summary>
    public int Width { get; init; } = 512;

    /// <summary>Image height for text-to-image (a multiple of 8; 512 for Riffusion).</summary>
    public int Height { get; init; } = 512;

    /// <summary>The end settings, falling back to the start.</summary>
    public PromptSettings EffectiveEnd => End ?? Start;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Start);
        Check(Start, "start");
        Check(EffectiveEnd, "end");
        if (!(Alpha >= 0 && Alpha <= 1))
        {
            throw new ArgumentException($"Alpha must lie in [0, 1] (got {Alpha}); 0 is the start prompt, 1 the end prompt.");
        }

        if (Steps < ProtocolLimits.MinSteps || Steps > MaxSteps)
        {
            throw new ArgumentException($"Steps must lie in {ProtocolLimits.MinSteps} … {MaxSteps} (got {Steps}); Riffusion uses {DefaultSteps}.");
        }

        ArgumentNullException.ThrowIfNull(NegativePrompt);
        ArgumentNullException.ThrowIfNull(Noise);
        if (SeedImage is null)
        {
            if (Mask is not null)
            {
                throw new ArgumentException("A mask needs a seed image: it says which parts of the seed image to keep.");
            }

            if (Width < 8 || Height < 8 || Width % 8 != 0 || Height % 8 != 0)
            {
                throw new ArgumentException($"Image size must be positive multiples of 8 (got {Width}×{Height}); Riffusion uses 256 columns a bar and 512 rows.");
            }
        }
        else if (SeedImage.Width < 32 || SeedImage.Height < 32)
        {
            throw new ArgumentException($"The seed image must be at least 32×32 pixels (got {SeedImage.Width}×{SeedImage.Height}).");
        }
    }

    private static void Check(PromptSettings settings, string end)
    {
        ArgumentNullException.ThrowIfNull(settings.Prompt, $"{end} prompt");
        if (!(settings.Denoising >= 0 && settings.Denoising <= 1))
        {
            throw new ArgumentException($"The {end} denoising strength must lie in [0, 1] (got {settings.Denoising}); Riffusion uses {PromptSettings.DefaultDenoising}.");
        }

        if (!double.IsFinite(settings.Guidance) || settings.Guidance < 0 || settings.Guidance > MaxGuidance)
        {
            throw new ArgumentException($"The {end} guidance scale must lie in [0, {MaxGuidance}] (got {settings.Guidance}); Riffusion uses {PromptSettings.DefaultGuidance}.");
        }
    }
}
