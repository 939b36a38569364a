namespace RiffusionVst.Engine.Diffusion.Noise;

/// <summary>
/// Natural logarithm built only from IEEE-754 additions, multiplications and divisions, which are
/// correctly rounded everywhere; Math.Log comes from the platform's C runtime and may differ in the
/// last bit between operating systems, which would make seeded noise differ between machines.
/// </summary>
internal static class PortableMath
{
    private const double Ln2 = 0.693147180559945309417232121458;

    // 1/3, 1/5, …, 1/25: a division is correctly rounded, so the table is identical everywhere.
    private static readonly double[] InverseOdd = Enumerable.Range(1, 12).Select(j => 1.0 / (2 * j + 1)).ToArray();

    /// <summary>ln(x) for finite x &gt; 0, accurate to a few ulp and identical on every platform.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "PortableMath.Log needs a finite positive number.");
        }

        // Split x = m · 2^e with m in [1/√2, √2), so that s = (m − 1)/(m + 1) is small (|s| < 0.172).
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF);
        if (exponent == 0)
        {
            // Subnormal: scale into the normal range first (exact, a power of two).
            return Log(x * 18014398509481984.0) - 54 * Ln2;
        }

        int e = exponent - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }

        // ln(m) = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …); with |s| < 0.172 twelve terms reach double precision.
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double term = s;
        double sum = s;
        foreach (double inverse in InverseOdd)
        {
            term *= s2;
            sum += term * inverse;
        }

        return 2.0 * sum + e * Ln2;
    }
}
