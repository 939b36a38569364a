namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

/// <summary>
/// Stable Diffusion's training schedule worked from its definition in double precision, for the tests:
/// scaled_linear betas β_i = (√0.00085 + i/(N−1)·(√0.012 − √0.00085))², i = 0 … 999, and
/// ᾱ_t = Π_{i ≤ t} (1 − β_i).
/// </summary>
internal static class ReferenceSchedule
{
    public static readonly double[] AlphaBar = Build();

    public static double Sigma(int t) => Math.Sqrt((1 - AlphaBar[t]) / AlphaBar[t]);

    private static double[] Build()
    {
        var alphaBar = new double[1000];
        double lo = Math.Sqrt(0.00085), hi = Math.Sqrt(0.012), product = 1;
        for (int i = 0; i < 1000; i++)
        {
            double root = lo + (hi - lo) * i / 999.0;
            product *= 1 - root * root;
            alphaBar[i] = product;
        }

        return alphaBar;
    }
}
