using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Tests.Diffusion.Noise;

public class GaussianNoiseTests
{
    [Fact]
    public void Same_seed_gives_the_same_numbers_and_other_seeds_differ()
    {
        float[] a = GaussianNoise.Create(42, 1000);
        float[] b = GaussianNoise.Create(42, 1000);
        float[] c = GaussianNoise.Create(43, 1000);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Moments_are_those_of_a_standard_normal()
    {
        const int n = 200_000;
        float[] x = GaussianNoise.Create(7, n);
        double mean = x.Average(v => (double)v);
        double variance = x.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double fourth = x.Sum(v => Math.Pow(v - mean, 4)) / n;

        // Standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032, 4th moment √(96/n) ≈ 0.022. Bounds are 5σ.
        Assert.InRange(mean, -0.011, 0.011);
        Assert.InRange(variance, 1 - 0.016, 1 + 0.016);
        Assert.InRange(fourth, 3 - 0.11, 3 + 0.11);

        // P(|z| > 1) = 0.3173; binomial standard error √(p(1−p)/n) ≈ 0.00104.
        double tail = x.Count(v => Math.Abs(v) > 1) / (double)n;
        Assert.InRange(tail, 0.3173 - 0.0052, 0.3173 + 0.0052);
    }

    [Fact]
    public void First_xoshiro_output_matches_the_reference_for_a_known_state()
    {
        // xoshiro256** from SplitMix64(0): SplitMix64's first output from state 0 is 0xE220A8397B1DCDAF
        // (its published test value); the first xoshiro256** output is rotl(s1·5, 7)·9 with s1 = SplitMix64's second output 0x6E789E6AA1B965F4.
        var g = new GaussianNoise(0);
        ulong s1 = 0x6E789E6AA1B965F4UL;
        ulong x = s1 * 5;
        ulong expected = ((x << 7) | (x >> 57)) * 9;
        Assert.Equal(expected, g.NextUInt64());
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(1e-300)]
    [InlineData(123456.789)]
    [InlineData(0.999999)]
    public void Portable_log_agrees_with_the_platform_log(double x)
    {
        Assert.Equal(Math.Log(x), PortableMath.Log(x), 1e-14 * Math.Max(1, Math.Abs(Math.Log(x))));
    }
}
