namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>The spacing rules of diffusers' DDIM/PNDM-family schedulers; numpy's round is half-to-even, as Math.Round.</summary>
internal static class TimestepGrid
{
    /// <summary>Timesteps noisiest first, as DDIM (and, reordered, PNDM and Euler) choose them.</summary>
    public static int[] Descending(TimestepSpacing spacing, int trainSteps, int steps, int stepsOffset)
    {
        var t = new int[steps];
        switch (spacing)
        {
            case TimestepSpacing.Leading:
                int ratio = trainSteps / steps;
                for (int i = 0; i < steps; i++)
                {
                    t[i] = (steps - 1 - i) * ratio + stepsOffset;
                }

                break;
            case TimestepSpacing.Trailing:
                double stride = (double)trainSteps / steps;
                for (int i = 0; i < steps; i++)
                {
                    t[i] = (int)Math.Round(trainSteps - i * stride) - 1;
                }

                break;
            case TimestepSpacing.Linspace:
                for (int i = 0; i < steps; i++)
                {
                    t[i] = (int)Math.Round(Linspace(0, trainSteps - 1, steps, steps - 1 - i));
                }

                break;
            default:
                throw new NotSupportedException($"Timestep spacing {spacing} is not supported.");
        }

        foreach (int value in t)
        {
            if (value < 0 || value >= trainSteps)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(stepsOffset), stepsOffset, $"Timestep {value} falls outside 0 … {trainSteps - 1}; check steps_offset and the step count.");
            }
        }

        return t;
    }

    /// <summary>Element i of numpy.linspace(start, stop, count), computed as numpy does (i·step + start, last element exact).</summary>
    public static double Linspace(double start, double stop, int count, int i) =>
        count == 1 ? start : i == count - 1 ? stop : i * ((stop - start) / (count - 1)) + start;
}
