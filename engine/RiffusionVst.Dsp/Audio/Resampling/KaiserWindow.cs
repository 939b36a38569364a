namespace RiffusionVst.Dsp.Audio.Resampling;

/// <summary>The Kaiser window and the Bessel function it is built on.</summary>
internal static class KaiserWindow
{
    /// <summary>The Kaiser β that gives about <paramref name="attenuationDb"/> dB of stopband attenuation (Kaiser's empirical formula).</summary>
    public static double BetaForAttenuation(double attenuationDb) => attenuationDb > 50
        ? 0.1102 * (attenuationDb - 8.7)
        : attenuationDb >= 21 ? 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21) : 0;

    /// <summary>The window at relative position <paramref name="x"/> ∈ [−1, 1] (0 outside).</summary>
    public static double Value(double x, double beta)
    {
        double r = 1 - x * x;
        return r <= 0 ? 0 : BesselI0(beta * Math.Sqrt(r)) / BesselI0(beta);
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges fast for the β used here).</summary>
    public static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (int k = 1; k < 200; k++)
        {
            term *= half / k;
            double t2 = term * term;
            sum += t2;
            if (t2 < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
