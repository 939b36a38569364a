namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>
/// Which of a scheduler's timesteps an img2img run uses, by Riffusion's rule:
/// <c>init_t = min(int(steps·s) + offset, steps)</c>, noise added at <c>timesteps[−init_t]</c>, the loop over
/// <c>timesteps[max(steps − init_t + offset, 0):]</c>. Python's negative index counts from the end of the
/// scheduler's list, which for PNDM holds steps + 1 entries.
/// </summary>
/// <param name="NoiseIndex">Index into the timesteps at which the init latent is noised.</param>
/// <param name="StartIndex">Index of the first timestep the denoising loop runs.</param>
/// <param name="TimestepCount">Length of the scheduler's timestep list.</param>
public readonly record struct DenoisingWindow(int NoiseIndex, int StartIndex, int TimestepCount)
{
    /// <summary>Number of denoising steps the loop runs.</summary>
    public int StepCount => TimestepCount - StartIndex;

    /// <summary>Applies the rule for <paramref name="steps"/> inference steps, strength <paramref name="strength"/> and the config's steps_offset.</summary>
    public static DenoisingWindow ForImageToImage(int steps, double strength, int stepsOffset, int timestepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(stepsOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(timestepCount, steps);
        if (!(strength >= 0 && strength <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "Denoising strength must lie in [0, 1].");
        }

        int initT = Math.Min((int)(steps * strength) + stepsOffset, steps);

        // timesteps[-0] is timesteps[0] in Python; keep that meaning for a zero strength without offset.
        int noiseIndex = initT == 0 ? 0 : timestepCount - initT;
        int start = Math.Min(Math.Max(steps - initT + stepsOffset, 0), timestepCount);
        return new DenoisingWindow(noiseIndex, start, timestepCount);
    }

    /// <summary>Text-to-image: every timestep, starting from pure noise.</summary>
    public static DenoisingWindow ForTextToImage(int timestepCount) => new(0, 0, timestepCount);
}
