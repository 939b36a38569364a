using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>A generated spectrogram image with what ran and how long each stage took.</summary>
public sealed record DiffusionResult
{
    /// <summary>The decoded image (RGB; the spectrogram is in any channel, the codec reads red).</summary>
    public required RgbImage Image { get; init; }

    /// <summary>The timesteps the denoising loop ran, in order.</summary>
    public required IReadOnlyList<int> Timesteps { get; init; }

    /// <summary>The timestep at which the init latent was noised (img2img), or null for text-to-image.</summary>
    public int? NoiseTimestep { get; init; }

    /// <summary>Tokenizing and encoding the prompts.</summary>
    public TimeSpan TextEncodingTime { get; init; }

    /// <summary>Resizing and VAE-encoding the seed image (zero for text-to-image).</summary>
    public TimeSpan ImageEncodingTime { get; init; }

    /// <summary>The denoising loop (UNet and scheduler).</summary>
    public TimeSpan DenoisingTime { get; init; }

    /// <summary>The part of <see cref="DenoisingTime"/> spent inside the UNet calls; the rest is the host's overhead.</summary>
    public TimeSpan UNetTime { get; init; }

    /// <summary>VAE decoding to the image.</summary>
    public TimeSpan DecodingTime { get; init; }
}
