namespace RiffusionVst.Dsp.Tests.Spectrogram.Fft;

/// <summary>The textbook DFT in double precision, the independent yardstick for the fast transforms.</summary>
internal static class ReferenceDft
{
    /// <summary>X[k] = Σ x[j]·exp(−2πi·jk/n) for the requested bins only (all bins would be O(n²) for long inputs).</summary>
    public static (double Real, double Imag)[] Forward(IReadOnlyList<double> real, IReadOnlyList<double> imag, IReadOnlyList<int> bins)
    {
        int n = real.Count;
        var result = new (double, double)[bins.Count];
        for (int b = 0; b < bins.Count; b++)
        {
            long k = bins[b];
            double sumR = 0, sumI = 0;
            for (int j = 0; j < n; j++)
            {
                // j·k reduced modulo n keeps the angle accurate for large products.
                double angle = -2.0 * Math.PI * (j * k % n) / n;
                double c = Math.Cos(angle), s = Math.Sin(angle);
                sumR += (real[j] * c) - (imag[j] * s);
                sumI += (real[j] * s) + (imag[j] * c);
            }

            result[b] = (sumR, sumI);
        }

        return result;
    }

    /// <summary>Every bin when that is cheap, otherwise the edges plus a fixed random sample.</summary>
    public static int[] BinsToCheck(int n, int binCount)
    {
        if ((long)n * binCount <= 4_000_000)
        {
            return Enumerable.Range(0, binCount).ToArray();
        }

        var random = new Random(n);
        var bins = new SortedSet<int> { 0, 1, 2, binCount - 2, binCount - 1, binCount / 2, binCount / 3 };
        while (bins.Count < 120)
        {
            bins.Add(random.Next(binCount));
        }

        return bins.ToArray();
    }

    /// <summary>Uniform noise in [−1, 1) from a fixed seed.</summary>
    public static float[] Noise(int n, int seed)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return x;
    }
}
