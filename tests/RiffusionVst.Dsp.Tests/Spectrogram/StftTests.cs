using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Dsp.Tests.Spectrogram;

public class StftTests
{
    private static readonly SpectrogramParameters P = SmallSignals.Parameters;

    [Theory]
    [InlineData(640, 11)]
    [InlineData(641, 11)]
    [InlineData(703, 11)]
    [InlineData(704, 12)]
    public void Linear_forward_gives_one_plus_floor_samples_over_hop_frames(int samples, int expectedFrames)
    {
        var stft = new Stft(P, 1);
        var spectrum = stft.Forward(SmallSignals.Noise(samples, 1));
        Assert.Equal(expectedFrames, spectrum.Frames);
        Assert.Equal(P.BinCount, spectrum.Bins);
    }

    [Fact]
    public void Forward_matches_a_direct_dft_of_the_reflect_padded_periodic_hann_frame()
    {
        const int samples = 700;
        float[] x = SmallSignals.Noise(samples, 2);
        var spectrum = new Stft(P, 1).Forward(x);
        int n = P.FftLength, win = P.WindowLength, hop = P.HopLength, pad = n / 2;

        // torch: pad n/2 on both sides by mirroring without the edge sample, then frame t starts at t·hop.
        var padded = new double[samples + 2 * pad];
        for (int i = 0; i < padded.Length; i++)
        {
            int j = i - pad;
            while (j < 0 || j >= samples)
            {
                j = j < 0 ? -j : 2 * (samples - 1) - j;
            }

            padded[i] = x[j];
        }

        foreach (int t in new[] { 0, 4, spectrum.Frames - 1 })
        {
            foreach (int k in new[] { 0, 3, 40, 200, n / 2 })
            {
                double re = 0, im = 0;
                for (int j = 0; j < win; j++)
                {
                    double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * j / win);
                    int m = (n - win) / 2 + j;
                    double v = padded[t * hop + m] * w;
                    re += v * Math.Cos(2 * Math.PI * k * m / n);
                    im -= v * Math.Sin(2 * Math.PI * k * m / n);
                }

                Assert.Equal(re, spectrum.Real[t * P.BinCount + k], 2e-3);
                Assert.Equal(im, spectrum.Imag[t * P.BinCount + k], 2e-3);
            }
        }
    }

    [Fact]
    public void Linear_round_trip_returns_the_signal()
    {
        float[] x = SmallSignals.Noise(64 * 12, 3);
        var stft = new Stft(P, 2);
        float[] y = stft.Inverse(stft.Forward(x));
        Assert.Equal(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], y[i], 1e-4);
        }
    }

    [Fact]
    public void Periodic_round_trip_returns_exactly_frames_times_hop_samples()
    {
        float[] x = SmallSignals.Noise(64 * 9, 4);
        var stft = new Stft(P, 2);
        var spectrum = stft.Forward(x, periodic: true);
        Assert.Equal(9, spectrum.Frames);
        float[] y = stft.Inverse(spectrum, periodic: true);
        Assert.Equal(9 * 64, y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], y[i], 1e-4);
        }
    }

    [Fact]
    public void Periodic_frames_equal_linear_frames_of_the_loop_played_three_times()
    {
        const int period = 64 * 7;
        float[] loop = SmallSignals.Noise(period, 5);
        float[] tiled = new float[3 * period];
        for (int i = 0; i < tiled.Length; i++)
        {
            tiled[i] = loop[i % period];
        }

        var stft = new Stft(P, 1);
        var periodic = stft.Forward(loop, periodic: true);
        var linear = stft.Forward(tiled);
        int bins = P.BinCount;
        for (int t = 0; t < 7; t++)
        {
            for (int k = 0; k < bins; k += 17)
            {
                Assert.Equal(linear.Real[(t + 7) * bins + k], periodic.Real[t * bins + k], 1e-3);
                Assert.Equal(linear.Imag[(t + 7) * bins + k], periodic.Imag[t * bins + k], 1e-3);
            }
        }
    }

    [Fact]
    public void Periodic_signal_that_is_not_whole_hops_is_rejected_with_a_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => new Stft(P, 1).Forward(new float[100], periodic: true));
        Assert.Contains("whole number of hops", error.Message);
    }

    [Fact]
    public void Magnitudes_are_the_absolute_values_of_the_complex_transform()
    {
        float[] x = SmallSignals.Chord(64 * 6);
        var stft = new Stft(P, 1);
        var complex = stft.Forward(x);
        var magnitudes = stft.ForwardMagnitudes(x);
        for (int i = 0; i < complex.Real.Length; i += 13)
        {
            Assert.Equal(Math.Sqrt(complex.Real[i] * complex.Real[i] + complex.Imag[i] * complex.Imag[i]), magnitudes.Data[i], 1e-3);
        }
    }
}
