namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>
/// A diffusion sampler with diffusers' semantics: it picks the timesteps, scales the UNet input and moves
/// the latent one step towards the clean sample. Multistep history lives inside; SetTimesteps resets it.
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
    void Step(ReadOnlySpan<float> modelOutput, int t, Span<float> sample);

    /// <summary>Noises a clean latent to the level of timestep <paramref name="t"/> (img2img start, inpainting masks).</summary>
    void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int t, Span<float> destination);
}
