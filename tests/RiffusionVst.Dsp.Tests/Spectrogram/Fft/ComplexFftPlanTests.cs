using RiffusionVst.Dsp.Spectrogram.Fft;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Fft;

public class ComplexFftPlanTests
{
    [Theory]
    [InlineData(8820)]
    [InlineData(2205)]
    [InlineData(8192)]
    [InlineData(2 * 11 * 13 * 31)]
    [InlineData(1)]
    public void Radices_multiply_back_to_the_length(int n)
    {
        List<int> radices = ComplexFftPlan.Factorise(n)!;
        Assert.Equal(n, radices.Aggregate(1, (a, b) => a * b));
        Assert.All(radices, r => Assert.True(r == 4 || r == 2 || (r % 2 == 1 && r <= ComplexFftPlan.LargestDirectPrime)));
    }

    [Theory]
    [InlineData(37)]
    [InlineData(1009)]
    [InlineData(2 * 1009)]
    public void Large_prime_factors_use_bluestein(int n)
    {
        Assert.Null(ComplexFftPlan.Factorise(n));
        var plan = ComplexFftPlan.Get(n);
        Assert.NotNull(plan.Bluestein);
        Assert.True(plan.Bluestein!.ConvolutionLength >= (2 * n) - 1);
    }

    [Theory]
    [InlineData(2049, 2058)]
    [InlineData(2 * 1009 - 1, 2025)]
    [InlineData(1, 1)]
    public void Bluestein_picks_the_smallest_smooth_length(int minimum, int expected) =>
        Assert.Equal(expected, BluesteinPlan.SmoothLengthAtLeast(minimum));

    [Fact]
    public void Plans_are_shared_per_length() =>
        Assert.Same(ComplexFftPlan.Get(8820), ComplexFftPlan.Get(8820));
}
