namespace RiffusionVst.Plugin.Acceptance.Tests.Hosting;

/// <summary>Measurements on recorded output and on loops, for gap and click bounds.</summary>
internal static class Signal
{
    /// <summary>Longest run of samples that are exactly zero.</summary>
    public static int LongestZeroRun(ReadOnlySpan<float> x)
    {
        int longest = 0, run = 0;
        foreach (float v in x)
        {
            run = v == 0f ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    /// <summary>Longest zero run of a loop played over and over (a run may wrap from its end to its start).</summary>
    public static int LongestZeroRunLooped(ReadOnlySpan<float> loop)
    {
        float[] twice = [.. loop, .. loop];
        return Math.Min(loop.Length, LongestZeroRun(twice));
    }

    /// <summary>Largest |x[i+1] − x[i]|.</summary>
    public static float MaxJump(ReadOnlySpan<float> x)
    {
        float max = 0f;
        for (int i = 1; i < x.Length; i++)
            max = Math.Max(max, Math.Abs(x[i] - x[i - 1]));
        return max;
    }

    /// <summary>Largest jump of a loop played over and over, including the wrap from its last sample to its first.</summary>
    public static float MaxJumpLooped(ReadOnlySpan<float> loop) =>
        Math.Max(MaxJump(loop), Math.Abs(loop[0] - loop[^1]));

    /// <summary>Largest |a[i] − b[i]|.</summary>
    public static float MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float max = 0f;
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    /// <summary>Largest |x[i]|.</summary>
    public static float Peak(ReadOnlySpan<float> x)
    {
        float max = 0f;
        foreach (float v in x)
            max = Math.Max(max, Math.Abs(v));
        return max;
    }

    /// <summary>Index of the first non-zero sample, or −1.</summary>
    public static int FirstNonZero(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != 0f)
                return i;
        }
        return -1;
    }
}
