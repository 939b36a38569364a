using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Dsp.Audio.Loudness;

/// <summary>Integrated loudness (ITU-R BS.1770-4: K-weighting, 400 ms blocks every 100 ms, −70 LUFS and −10 LU gates) and peaks.</summary>
/// <remarks>In periodic mode the signal is one period of a loop: the filter starts in the loop's steady state and
/// blocks wrap around the end, so every part of the loop is weighed equally. Every channel has weight 1 (mono, or
/// left/right; surround weights are not applied). A clip shorter than one block is measured as one block.</remarks>
public static class LoudnessMeter
{
    private const double AbsoluteGateLufs = -70;
    private const double RelativeGateLu = -10;

    /// <summary>Integrated loudness in LUFS, or negative infinity when every block is below the absolute gate (silence).</summary>
    public static double IntegratedLoudness(AudioClip clip, ResampleMode mode = ResampleMode.Clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        int n = clip.Length;
        if (n == 0)
        {
            return double.NegativeInfinity;
        }

        bool periodic = mode == ResampleMode.Periodic;
        var filter = new KWeightingFilter(clip.SampleRate);
        var prefix = new double[clip.ChannelCount][];
        for (int c = 0; c < clip.ChannelCount; c++)
        {
            var z = filter.Apply(clip.Channels[c], clip.SampleRate, periodic);
            var p = new double[n + 1];
            for (int i = 0; i < n; i++)
            {
                p[i + 1] = p[i] + z[i] * z[i];
            }

            prefix[c] = p;
        }

        int blockLength = (int)Math.Round(0.4 * clip.SampleRate);
        int hop = (int)Math.Round(0.1 * clip.SampleRate);
        var powers = new List<double>();
        if (periodic)
        {
            int blocks = Math.Max(1, (int)Math.Round((double)n / hop));
            for (int b = 0; b < blocks; b++)
            {
                long start = (long)b * n / blocks;
                powers.Add(BlockPower(prefix, start, blockLength, n));
            }
        }
        else if (n < blockLength)
        {
            powers.Add(BlockPower(prefix, 0, n, n));
        }
        else
        {
            for (long start = 0; start + blockLength <= n; start += hop)
            {
                powers.Add(BlockPower(prefix, start, blockLength, n));
            }
        }

        var aboveAbsolute = powers.Where(p => Lufs(p) > AbsoluteGateLufs).ToList();
        if (aboveAbsolute.Count == 0)
        {
            return double.NegativeInfinity;
        }

        double relativeGate = Lufs(aboveAbsolute.Average()) + RelativeGateLu;
        var gated = aboveAbsolute.Where(p => Lufs(p) > relativeGate).ToList();
        return Lufs(gated.Average());
    }

    /// <summary>The largest absolute sample value over all channels.</summary>
    public static double SamplePeak(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        double peak = 0;
        foreach (var channel in clip.Channels)
        {
            foreach (float v in channel)
            {
                peak = Math.Max(peak, Math.Abs(v));
            }
        }

        return peak;
    }

    /// <summary>The true peak: the largest absolute value of the signal 4× oversampled (never below the sample peak).</summary>
    public static double TruePeak(AudioClip clip, ResampleMode mode = ResampleMode.Clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        double peak = SamplePeak(clip);
        if (clip.Length == 0 || peak == 0)
        {
            return peak;
        }

        var up = new Resampler(clip.Length, checked(clip.Length * 4), zeroCrossings: 16);
        var buffer = new float[up.OutputLength];
        foreach (var channel in clip.Channels)
        {
            up.Process(channel, buffer, mode);
            foreach (float v in buffer)
            {
                peak = Math.Max(peak, Math.Abs(v));
            }
        }

        return peak;
    }

    private static double Lufs(double power) => -0.691 + 10 * Math.Log10(power);

    private static double BlockPower(double[][] prefix, long start, int length, int n)
    {
        double sum = 0;
        foreach (var p in prefix)
        {
            sum += WrappedSum(p, start, length, n) / length;
        }

        return sum;
    }

    private static double WrappedSum(double[] p, long start, long length, int n)
    {
        // Sum of squares over [start, start + length) with indices taken modulo n (whole turns add the total).
        long s = start % n;
        long turns = length / n;
        long rest = length % n;
        double sum = turns * p[n];
        long end = s + rest;
        sum += end <= n ? p[end] - p[s] : p[n] - p[s] + p[end - n];
        return sum;
    }
}
