using RiffusionVst.Dsp.Spectrogram.Fft;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Fft;

public class RealFftTests
{
    public static TheoryData<int> Sizes => new()
    {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 16, 17, 25, 49, 62, 97, 121, 210, 1009, 2018, 4410, 16384, 17640,
        // Random composites, including generic odd radices (11, 13, 23) and Bluestein inside an even length (2·37).
        2 * 3 * 11 * 13, 4 * 23 * 5, 74, 6 * 7 * 7 * 9, 8 * 27 * 25,
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Forward_matches_a_direct_dft(int n)
    {
        float[] x = ReferenceDft.Noise(n, seed: n);
        var fft = new RealFft(n);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];

        fft.Forward(x, re, im);

        int[] bins = ReferenceDft.BinsToCheck(n, fft.BinCount);
        var expected = ReferenceDft.Forward(x.Select(v => (double)v).ToArray(), new double[n], bins);

        // Float FFT error grows like ε·log n relative to the signal energy; √n is the rms size of a noise spectrum bin.
        double scale = Math.Sqrt(n);
        double tolerance = 2e-6 * (Math.Log2(n) + 2) * scale;
        for (int b = 0; b < bins.Length; b++)
        {
            int k = bins[b];
            Assert.True(
                Math.Abs(re[k] - expected[b].Real) <= tolerance && Math.Abs(im[k] - expected[b].Imag) <= tolerance,
                $"n={n} bin {k}: got ({re[k]}, {im[k]}), expected ({expected[b].Real}, {expected[b].Imag}), tolerance {tolerance}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Inverse_of_forward_gives_the_signal_back(int n)
    {
        float[] x = ReferenceDft.Noise(n, seed: 7 * n);
        var fft = new RealFft(n);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        var back = new float[n];

        fft.Forward(x, re, im);
        fft.Inverse(re, im, back);

        double tolerance = 2e-6 * (Math.Log2(n) + 2);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(back[i] - x[i]) <= tolerance, $"n={n} sample {i}: got {back[i]}, expected {x[i]}");
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(4410)]
    public void Inverse_matches_a_direct_inverse_dft_of_the_hermitian_spectrum(int n)
    {
        var fft = new RealFft(n);
        float[] re = ReferenceDft.Noise(fft.BinCount, seed: 3);
        float[] im = ReferenceDft.Noise(fft.BinCount, seed: 4);
        im[0] = 0;
        if (n % 2 == 0)
        {
            im[^1] = 0;
        }

        var output = new float[n];
        fft.Inverse(re, im, output);

        // x[j] = (1/n)·Σ over the full Hermitian spectrum = (1/n)·(X0 + 2·Σ Re(X[k]·e^{+2πijk/n}) + X[n/2]·(−1)^j).
        for (int j = 0; j < n; j += Math.Max(1, n / 200))
        {
            double sum = re[0];
            for (int k = 1; k < fft.BinCount; k++)
            {
                double angle = 2.0 * Math.PI * ((long)j * k % n) / n;
                double term = (re[k] * Math.Cos(angle)) - (im[k] * Math.Sin(angle));
                sum += (n % 2 == 0 && k == n / 2) ? term : 2 * term;
            }

            Assert.Equal(sum / n, output[j], 1e-5 * Math.Sqrt(n) / n * 10);
        }
    }

    [Fact]
    public void Imaginary_parts_of_dc_and_nyquist_are_ignored_by_the_inverse()
    {
        var fft = new RealFft(8);
        float[] re = [1, 2, 3, 4, 5];
        var clean = new float[8];
        var dirty = new float[8];
        fft.Inverse(re, new float[5], clean);
        fft.Inverse(re, [9, 0, 0, 0, -9], dirty);
        Assert.Equal(clean, dirty);
    }

    [Theory]
    [InlineData(210)]
    [InlineData(1009)]
    [InlineData(17640)]
    public void Forward_is_linear(int n)
    {
        float[] x = ReferenceDft.Noise(n, 1);
        float[] y = ReferenceDft.Noise(n, 2);
        float[] mix = x.Zip(y, (a, b) => (2.5f * a) - (0.75f * b)).ToArray();
        var fft = new RealFft(n);
        (float[] xr, float[] xi) = Spectrum(fft, x);
        (float[] yr, float[] yi) = Spectrum(fft, y);
        (float[] mr, float[] mi) = Spectrum(fft, mix);

        double tolerance = 2e-5 * Math.Sqrt(n) * Math.Log2(n);
        for (int k = 0; k < fft.BinCount; k++)
        {
            Assert.True(Math.Abs(mr[k] - ((2.5 * xr[k]) - (0.75 * yr[k]))) <= tolerance, $"bin {k} real");
            Assert.True(Math.Abs(mi[k] - ((2.5 * xi[k]) - (0.75 * yi[k]))) <= tolerance, $"bin {k} imag");
        }
    }

    [Theory]
    [InlineData(97)]
    [InlineData(4410)]
    [InlineData(16384)]
    [InlineData(17640)]
    public void Energy_is_preserved_parseval(int n)
    {
        float[] x = ReferenceDft.Noise(n, 5);
        var fft = new RealFft(n);
        (float[] re, float[] im) = Spectrum(fft, x);

        double timeEnergy = x.Sum(v => (double)v * v);
        double frequencyEnergy = 0;
        for (int k = 0; k < fft.BinCount; k++)
        {
            // Bins 1..⌈n/2⌉−1 stand for themselves and their mirror; DC and (even n) Nyquist have none.
            bool mirrored = k > 0 && !(n % 2 == 0 && k == n / 2);
            double power = ((double)re[k] * re[k]) + ((double)im[k] * im[k]);
            frequencyEnergy += mirrored ? 2 * power : power;
        }

        Assert.Equal(1.0, frequencyEnergy / n / timeEnergy, 1e-5);
    }

    [Theory]
    [InlineData(17640, 0)]
    [InlineData(17640, 1)]
    [InlineData(17640, 4321)]
    [InlineData(4410, 17)]
    [InlineData(1009, 500)]
    public void A_delta_gives_a_pure_phase_ramp(int n, int position)
    {
        var x = new float[n];
        x[position] = 1;
        var fft = new RealFft(n);
        (float[] re, float[] im) = Spectrum(fft, x);

        for (int k = 0; k < fft.BinCount; k++)
        {
            double angle = -2.0 * Math.PI * ((long)k * position % n) / n;
            Assert.True(Math.Abs(re[k] - Math.Cos(angle)) < 1e-4, $"bin {k} real {re[k]} vs {Math.Cos(angle)}");
            Assert.True(Math.Abs(im[k] - Math.Sin(angle)) < 1e-4, $"bin {k} imag {im[k]} vs {Math.Sin(angle)}");
        }
    }

    [Theory]
    [InlineData(17640, 1)]
    [InlineData(17640, 441)]
    [InlineData(17640, 8819)]
    [InlineData(4410, 100)]
    [InlineData(97, 13)]
    public void A_cosine_lands_in_its_bin(int n, int bin)
    {
        var x = new float[n];
        for (int j = 0; j < n; j++)
        {
            x[j] = (float)Math.Cos(2.0 * Math.PI * ((long)bin * j % n) / n);
        }

        var fft = new RealFft(n);
        (float[] re, float[] im) = Spectrum(fft, x);

        for (int k = 0; k < fft.BinCount; k++)
        {
            double expected = k == bin ? n / 2.0 : 0.0;
            Assert.True(Math.Abs(re[k] - expected) < 2e-3 && Math.Abs(im[k]) < 2e-3, $"bin {k}: ({re[k]}, {im[k]}), expected {expected}");
        }
    }

    [Theory]
    [InlineData(17640)]
    [InlineData(4410)]
    [InlineData(16384)]
    [InlineData(1009)]
    [InlineData(25)]
    public void Transforms_allocate_nothing_after_warm_up(int n)
    {
        var fft = new RealFft(n);
        float[] x = ReferenceDft.Noise(n, 9);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        var back = new float[n];
        fft.Forward(x, re, im);
        fft.Inverse(re, im, back);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            fft.Forward(x, re, im);
            fft.Inverse(re, im, back);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Wrong_span_lengths_are_rejected_with_a_clear_message()
    {
        var fft = new RealFft(16);
        var ex = Assert.Throws<ArgumentException>(() => fft.Forward(new float[15], new float[9], new float[9]));
        Assert.Contains("'input' has 15 samples", ex.Message);
        Assert.Contains("exactly 16", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => fft.Forward(new float[16], new float[8], new float[9]));
        Assert.Contains("'real' has 8 bins", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => fft.Inverse(new float[9], new float[10], new float[16]));
        Assert.Contains("'imag' has 10 bins", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => fft.Inverse(new float[9], new float[9], new float[17]));
        Assert.Contains("'output' has 17 samples", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void Non_positive_lengths_are_rejected(int n)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(n));
        Assert.Contains("at least one sample", ex.Message);
    }

    [Fact]
    public void Instances_on_many_threads_agree()
    {
        const int n = 17640;
        float[] x = ReferenceDft.Noise(n, 11);
        (float[] expectedRe, _) = Spectrum(new RealFft(n), x);
        var results = new float[4][];
        Parallel.For(0, results.Length, t =>
        {
            (results[t], _) = Spectrum(new RealFft(n), x);
        });

        foreach (float[] r in results)
        {
            Assert.Equal(expectedRe, r);
        }
    }

    private static (float[] Real, float[] Imag) Spectrum(RealFft fft, float[] x)
    {
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        fft.Forward(x, re, im);
        return (re, im);
    }
}
