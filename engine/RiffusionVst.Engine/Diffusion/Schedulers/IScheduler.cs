using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>
/// A diffusion sampler with diffusers' semantics: it picks the timesteps, scales the UNet input and moves
/// the latent one step towards the clean sample. Multistep history lives inside; SetTimesteps resets it.
/// Randomness is passed in with each step (diffusers' <c>step(generator=…)</c>), never set on the scheduler, so
/// the caller treats every scheduler alike.
/// </summary>
public interface IScheduler
{
    /// <summary>Factory name of this scheduler (pndm, ddim, dpmpp2m, euler, lcm).</summary>
    string Name { get; }

    /// <summary>Chooses the inference timesteps for <paramref name="steps"/> steps and clears the history.</summary>
    void SetTimesteps(int steps);

    /// <summary>The timesteps to pass to the UNet, in order (noisiest first); empty before SetTimesteps.</summary>
    IReadOnlyList<int> Timesteps { get; }

    /// <summary>Standard deviation of the initial noise: multiply unit Gaussian noise by it for text-to-image.</summary>
    float InitNoiseSigma { get; }

    /// <summary>Scales the latent in place before it goes into the UNet at timestep <paramref name="t"/> (identity for most).</summary>
    void ScaleModelInput(Span<float> sample, int t);

    /// <summary>One denoising step in place: <paramref name="sample"/> at <paramref name="t"/> becomes the sample at the next timestep.</summary>
    /// <param name="modelOutput">The (guided) UNet prediction at <paramref name="t"/>.</param>
    /// <param name="t">The timestep <paramref name="sample"/> is at: the next of <see cref="Timesteps"/>.</param>
    /// <param name="sample">The latent, replaced by the latent at the next timestep.</param>
    /// <param name="noise">
    /// The generation's noise stream, continued from step to step, for schedulers that inject fresh noise (LCM re-noises
    /// between steps; it throws without one). The deterministic schedulers never read it, so null is fine for them.
    /// </param>
    void Step(ReadOnlySpan<float> modelOutput, int t, Span<float> sample, GaussianNoise? noise = null);

    /// <summary>Noises a clean latent to the level of timestep <paramref name="t"/> (img2img start, inpainting masks).</summary>
    void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int t, Span<float> destination);
}
