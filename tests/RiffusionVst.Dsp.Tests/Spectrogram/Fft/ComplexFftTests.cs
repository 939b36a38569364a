using RiffusionVst.Dsp.Spectrogram.Fft;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Fft;

public class ComplexFftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(64)]
    [InlineData(11 * 8)]
    [InlineData(13 * 13 * 3)]
    [InlineData(29 * 16)]
    [InlineData(37)]
    [InlineData(1009)]
    [InlineData(2205)]
    [InlineData(8820)]
    public void Forward_matches_a_direct_dft(int n)
    {
        float[] xr = ReferenceDft.Noise(n, 1);
        float[] xi = ReferenceDft.Noise(n, 2);
        var fft = new ComplexFft(n);
        var yr = new float[n];
        var yi = new float[n];

        fft.Forward(xr, xi, yr, yi);

        int[] bins = ReferenceDft.BinsToCheck(n, n);
        var expected = ReferenceDft.Forward(xr.Select(v => (double)v).ToArray(), xi.Select(v => (double)v).ToArray(), bins);
        double tolerance = 3e-6 * (Math.Log2(n) + 2) * Math.Sqrt(2 * n);
        for (int b = 0; b < bins.Length; b++)
        {
            int k = bins[b];
            Assert.True(
                Math.Abs(yr[k] - expected[b].Real) <= tolerance && Math.Abs(yi[k] - expected[b].Imag) <= tolerance,
                $"n={n} bin {k}: got ({yr[k]}, {yi[k]}), expected ({expected[b].Real}, {expected[b].Imag})");
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(8820)]
    [InlineData(1009)]
    public void Inverse_undoes_forward_in_place(int n)
    {
        float[] xr = ReferenceDft.Noise(n, 3);
        float[] xi = ReferenceDft.Noise(n, 4);
        float[] re = (float[])xr.Clone();
        float[] im = (float[])xi.Clone();
        var fft = new ComplexFft(n);

        fft.Forward(re, im, re, im);
        fft.Inverse(re, im, re, im);

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(xr[i], re[i], 2e-5);
            Assert.Equal(xi[i], im[i], 2e-5);
        }
    }

    [Fact]
    public void Wrong_span_lengths_are_rejected_with_a_clear_message()
    {
        var fft = new ComplexFft(8);
        var ex = Assert.Throws<ArgumentException>(() => fft.Forward(new float[8], new float[7], new float[8], new float[8]));
        Assert.Contains("pass exactly 8", ex.Message);
    }

    [Fact]
    public void Scalar_and_vector_passes_agree()
    {
        // A pass with a long stride runs vectorised in Run; RunScalar forces the scalar path on the same data.
        var plan = ComplexFftPlan.Get(8820);
        FftStage last = plan.Stages[^1];
        float[] xr = ReferenceDft.Noise(8820, 5);
        float[] xi = ReferenceDft.Noise(8820, 6);
        var vr = new float[8820];
        var vi = new float[8820];
        var sr = new float[8820];
        var si = new float[8820];

        StockhamPass.Run(last, xr, xi, vr, vi);
        StockhamPass.RunScalar(last, xr, xi, sr, si);

        Assert.True(last.Stride >= 8);
        Assert.Equal(sr, vr);
        Assert.Equal(si, vi);
    }
}
