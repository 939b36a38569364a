using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Loudness;
using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Dsp.Tests.Audio.Loudness;

public class LoudnessNormalizerTests
{
    private static float[] Sine(int length, double hz, int rate, double amplitude) =>
        Enumerable.Range(0, length).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * hz * n / rate))).ToArray();

    [Fact]
    public void K_weighting_reproduces_the_48_kHz_coefficients_of_bs_1770()
    {
        var k = new KWeightingFilter(48000);
        // Table 1 and 2 of ITU-R BS.1770-4.
        Assert.Equal(1.53512485958697, k.Shelf.B0, 1e-10);
        Assert.Equal(-2.69169618940638, k.Shelf.B1, 1e-10);
        Assert.Equal(1.19839281085285, k.Shelf.B2, 1e-10);
        Assert.Equal(-1.69065929318241, k.Shelf.A1, 1e-10);
        Assert.Equal(0.73248077421585, k.Shelf.A2, 1e-10);
        Assert.Equal(-1.99004745483398, k.HighPass.A1, 1e-10);
        Assert.Equal(0.99007225036621, k.HighPass.A2, 1e-10);
    }

    [Fact]
    public void A_997_Hz_sine_at_minus_20_dBFS_reads_about_minus_23_LUFS()
    {
        // Worked by hand: mean square of a sine of peak 0.1 is 0.005; K-weighting at 997 Hz adds ≈ +0.69 dB;
        // −0.691 + 10·log10(0.005) + 0.69 ≈ −23.0 LUFS. Stereo (same sine in both channels) adds 3 dB.
        var mono = new AudioClip(48000, Sine(48000 * 3, 997, 48000, 0.1));
        Assert.Equal(-23.0, LoudnessMeter.IntegratedLoudness(mono), 1);
        var s = Sine(48000 * 3, 997, 48000, 0.1);
        Assert.Equal(-20.0, LoudnessMeter.IntegratedLoudness(new AudioClip(48000, s, s)), 1);
    }

    [Theory]
    [InlineData(-14.0, false)] // a full-scale square is far louder than −14 LUFS: turned down by the loudness target
    [InlineData(6.0, true)]    // an unreachable target: the peak ceiling must stop the gain
    public void Full_scale_square_wave_ends_at_or_below_minus_0_1_dBFS(double target, bool limitedByPeak)
    {
        int rate = 44100;
        var square = Enumerable.Range(0, rate * 2).Select(n => (n / 50) % 2 == 0 ? 1f : -1f).ToArray();
        var options = new LoudnessOptions { TargetLufs = target };
        var result = LoudnessNormalizer.Normalize(new AudioClip(rate, square, (float[])square.Clone()), ResampleMode.Periodic, options);
        double ceiling = Math.Pow(10, -0.1 / 20);
        Assert.Equal(limitedByPeak, result.PeakLimited);
        Assert.True(LoudnessMeter.SamplePeak(result.Clip) <= ceiling);
        Assert.True(LoudnessMeter.TruePeak(result.Clip, ResampleMode.Periodic) <= ceiling * 1.0001);
        Assert.True(result.GainDb < 0);
    }

    [Fact]
    public void Quiet_signal_is_raised_to_the_target()
    {
        int rate = 48000;
        var quiet = new AudioClip(rate, Sine(rate * 2, 500, rate, 0.01));
        var result = LoudnessNormalizer.Normalize(quiet, ResampleMode.Periodic);
        Assert.True(result.GainDb > 20);
        Assert.False(result.PeakLimited);
        Assert.Equal(-14.0, LoudnessMeter.IntegratedLoudness(result.Clip, ResampleMode.Periodic), 1);
        Assert.True(LoudnessMeter.SamplePeak(result.Clip) <= Math.Pow(10, -0.1 / 20));
    }

    [Fact]
    public void Gain_is_one_factor_for_every_sample()
    {
        var rng = new Random(2);
        var x = Enumerable.Range(0, 20000).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.05f).ToArray();
        var result = LoudnessNormalizer.Normalize(new AudioClip(16000, x));
        double g = Math.Pow(10, result.GainDb / 20);
        for (int i = 0; i < x.Length; i += 97)
        {
            Assert.Equal(x[i] * g, result.Clip.Channels[0][i], 1e-5);
        }
    }

    [Fact]
    public void Silence_stays_silence()
    {
        var result = LoudnessNormalizer.Normalize(new AudioClip(44100, new float[44100], new float[44100]), ResampleMode.Periodic);
        Assert.Equal(0, result.GainDb);
        Assert.True(double.IsNegativeInfinity(result.MeasuredLufs));
        Assert.All(result.Clip.Channels.SelectMany(c => c), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Short_loops_are_measured_as_periodic()
    {
        // A 250 ms loop (shorter than one 400 ms block) of a whole number of sine cycles reads like the long sine.
        var loop = new AudioClip(48000, Sine(12000, 1000, 48000, 0.1));
        var longer = new AudioClip(48000, Sine(48000 * 3, 1000, 48000, 0.1));
        Assert.Equal(LoudnessMeter.IntegratedLoudness(longer), LoudnessMeter.IntegratedLoudness(loop, ResampleMode.Periodic), 1);
    }
}
