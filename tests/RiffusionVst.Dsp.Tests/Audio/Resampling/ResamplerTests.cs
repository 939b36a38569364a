using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Dsp.Tests.Audio.Resampling;

public class ResamplerTests
{
    private static float[] Sine(int length, double cyclesPerSample, double phase = 0) =>
        Enumerable.Range(0, length).Select(n => (float)Math.Sin(2 * Math.PI * cyclesPerSample * n + phase)).ToArray();

    private static int PeakBin(float[] x, int maxBin)
    {
        // Direct DFT magnitude over bins 1..maxBin.
        int best = 0;
        double bestMag = -1;
        for (int k = 1; k <= maxBin; k++)
        {
            double re = 0, im = 0;
            for (int n = 0; n < x.Length; n++)
            {
                double a = 2 * Math.PI * k * n / x.Length;
                re += x[n] * Math.Cos(a);
                im -= x[n] * Math.Sin(a);
            }

            double mag = re * re + im * im;
            if (mag > bestMag)
            {
                bestMag = mag;
                best = k;
            }
        }

        return best;
    }

    [Theory]
    [InlineData(4410, 4800)]   // 44.1 kHz → 48 kHz
    [InlineData(4800, 4410)]   // 48 kHz → 44.1 kHz
    [InlineData(4410, 4411)]   // a ratio with 4 411 phases: the exact table
    [InlineData(10007, 9001)]  // coprime lengths: the interpolated table
    public void Periodic_sine_keeps_its_frequency_and_matches_the_ideal_sine(int m, int l)
    {
        // 37 whole cycles in the period: after resampling it must still be 37 cycles in L samples.
        var x = Sine(m, 37.0 / m, 0.3);
        var y = Resampler.Resample(x, l, ResampleMode.Periodic);
        Assert.Equal(l, y.Length);
        var ideal = Sine(l, 37.0 / l, 0.3);
        double maxError = y.Zip(ideal).Max(t => Math.Abs(t.First - t.Second));
        Assert.True(maxError < 1e-4, $"max error {maxError}");
        Assert.Equal(37, PeakBin(y, 60));
    }

    [Fact]
    public void Clip_sine_keeps_its_frequency_in_the_interior()
    {
        // 1 kHz at 44.1 kHz → 48 kHz; away from the zero-padded ends the output is the ideal 1 kHz sine at 48 kHz.
        var x = Sine(44100 / 5, 1000.0 / 44100);
        var y = Resampler.Resample(x, 48000 / 5);
        var ideal = Sine(48000 / 5, 1000.0 / 48000);
        double maxError = Enumerable.Range(200, y.Length - 400).Max(n => Math.Abs(y[n] - ideal[n]));
        Assert.True(maxError < 1e-4, $"max error {maxError}");
    }

    [Fact]
    public void Tones_above_the_new_nyquist_are_removed_by_more_than_90_dB()
    {
        // 225 792 → 192 000: the new Nyquist is 0.425 cycles per input sample; a tone at 0.48 must vanish.
        int m = 225792, l = 192000;
        int bin = (int)(0.48 * m);
        var x = Sine(m, (double)bin / m);
        var y = Resampler.Resample(x, l, ResampleMode.Periodic);
        double rms = Math.Sqrt(y.Average(v => (double)v * v));
        Assert.True(20 * Math.Log10(rms / Math.Sqrt(0.5)) < -90, $"residual {20 * Math.Log10(rms / Math.Sqrt(0.5)):F1} dB");
    }

    [Fact]
    public void A_loop_resampled_twice_has_no_seam()
    {
        // A band-limited random loop: sum of sines with whole cycles in the period.
        int m = 9000;
        var rng = new Random(3);
        var x = new float[m];
        for (int k = 1; k < 400; k += 7)
        {
            double amp = rng.NextDouble() / k, ph = rng.NextDouble() * 6.28;
            for (int n = 0; n < m; n++)
            {
                x[n] += (float)(amp * Math.Sin(2 * Math.PI * k * n / m + ph));
            }
        }

        var once = Resampler.Resample(x, 8192, ResampleMode.Periodic);
        var twice = Resampler.Resample(once, 11025, ResampleMode.Periodic);
        Assert.Equal(11025, twice.Length);

        // The join (last → first sample) must step no more than the steepest interior step.
        double join = Math.Abs(twice[0] - twice[^1]);
        double interior = Enumerable.Range(1, twice.Length - 1).Max(n => Math.Abs(twice[n] - twice[n - 1]));
        Assert.True(join <= interior, $"join {join} vs interior {interior}");

        // Stronger: resampling two periods gives two copies of the one-period result.
        var doubled = Resampler.Resample(once.Concat(once).ToArray(), 2 * 11025, ResampleMode.Periodic);
        double maxDifference = Enumerable.Range(0, doubled.Length).Max(n => Math.Abs(doubled[n] - twice[n % 11025]));
        Assert.True(maxDifference < 1e-4, $"two periods differ from the one-period result by {maxDifference}");
    }

    [Theory]
    [InlineData(225792, 192000)]
    [InlineData(1000, 1)]
    [InlineData(1, 1000)]
    [InlineData(17, 170003)]
    public void Output_has_exactly_the_requested_length_and_dc_gain_one(int m, int l)
    {
        var dc = Enumerable.Repeat(0.5f, m).ToArray();
        var y = Resampler.Resample(dc, l, ResampleMode.Periodic);
        Assert.Equal(l, y.Length);
        Assert.All(y, v => Assert.Equal(0.5f, v, 5));
    }

    [Fact]
    public void Clip_mode_keeps_dc_in_the_interior_and_sees_silence_before_the_start()
    {
        var y = Resampler.Resample(Enumerable.Repeat(1f, 3000).ToArray(), 2000);
        Assert.All(y[100..1900], v => Assert.Equal(1f, v, 5));
        // At the first sample only the kernel's centre tap (≈ L/M = 2/3) and the half after it (≈ (1 − 2/3)/2) see signal:
        // the symmetric kernel sums to 1, so the first output is about 1/2 + (2/3)/2 ≈ 0.83 rather than 1.
        Assert.InRange(y[0], 0.80f, 0.87f);
    }

    [Fact]
    public void Equal_lengths_give_the_input_back()
    {
        var x = Enumerable.Range(0, 500).Select(n => (float)Math.Sin(n * 0.37) * 0.5f).ToArray();
        var y = Resampler.Resample(x, 500, ResampleMode.Periodic);
        for (int n = 0; n < x.Length; n++)
        {
            Assert.Equal(x[n], y[n], 6);
        }
    }

    [Fact]
    public void Wrong_input_length_is_refused()
    {
        var r = new Resampler(100, 50);
        Assert.Throws<ArgumentException>(() => r.Process(new float[99], ResampleMode.Clip));
    }
}
