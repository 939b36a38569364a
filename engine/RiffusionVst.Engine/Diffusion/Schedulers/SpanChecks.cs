namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>Argument checks shared by the schedulers.</summary>
internal static class SpanChecks
{
    public static void SameLength(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> destination)
    {
        if (a.Length != b.Length || a.Length != destination.Length)
        {
            throw new ArgumentException(
                $"Scheduler tensors must have one size: got {a.Length}, {b.Length} and {destination.Length} elements.");
        }
    }

    public static void SameLength(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample)
    {
        if (modelOutput.Length != sample.Length)
        {
            throw new ArgumentException(
                $"The model output has {modelOutput.Length} elements but the sample has {sample.Length}; pass the guided noise prediction for this latent.");
        }
    }

    public static void Steps(int steps, int trainSteps)
    {
        if (steps < 1 || steps > trainSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"Inference steps must lie in 1 … {trainSteps}.");
        }
    }

    /// <summary>Index of <paramref name="t"/> in the schedule, starting the search at the expected index.</summary>
    public static int IndexOf(IReadOnlyList<int> timesteps, int t, int expected)
    {
        if (timesteps.Count == 0)
        {
            throw new InvalidOperationException("Call SetTimesteps before stepping the scheduler.");
        }

        if (expected >= 0 && expected < timesteps.Count && timesteps[expected] == t)
        {
            return expected;
        }

        for (int i = 0; i < timesteps.Count; i++)
        {
            if (timesteps[i] == t)
            {
                return i;
            }
        }

        throw new ArgumentException($"Timestep {t} is not in this scheduler's schedule; pass values from Timesteps after SetTimesteps.", nameof(t));
    }
}
