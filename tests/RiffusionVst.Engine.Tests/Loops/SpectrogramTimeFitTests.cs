using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Loops;

public class SpectrogramTimeFitTests
{
    private static MelSpectrogram WithOnsetsEveryBeat(int frames, int columnsPerBeat, int bands = 8)
    {
        var mel = new MelSpectrogram(bands, frames);
        for (int f = 0; f < frames; f += columnsPerBeat)
        {
            mel.Frame(f).Fill(1f);
        }

        return mel;
    }

    private static int Loudest(MelSpectrogram mel, int from, int to)
    {
        int best = from;
        for (int f = from; f < to; f++)
        {
            if (mel[f, 0] > mel[best, 0])
            {
                best = f;
            }
        }

        return best;
    }

    [Theory]
    [InlineData(400)] // 120 BPM: beats every 50 columns
    [InlineData(640)] // 75 BPM: beats every 80 columns
    [InlineData(256)] // 187.5 BPM: beats every 32 columns
    public void Beats_land_where_the_new_tempo_puts_them(int frames)
    {
        var native = WithOnsetsEveryBeat(512, 64);
        var fitted = SpectrogramTimeFit.Fit(native, frames);
        Assert.Equal(frames, fitted.Frames);
        int beat = frames / 8;
        for (int b = 0; b < 8; b++)
        {
            // Search half a beat around the expected position; wrap-around at b = 0 is covered by starting at 0.
            int lo = Math.Max(0, (b * beat) - (beat / 2));
            int hi = Math.Min(frames, (b * beat) + (beat / 2));
            Assert.Equal(b * beat, Loudest(fitted, lo, hi));
        }
    }

    [Fact]
    public void A_steady_spectrum_stays_steady()
    {
        var native = new MelSpectrogram(4, 512);
        for (int f = 0; f < 512; f++)
        {
            native.Frame(f).Fill(0.25f + ((f % 2) * 0f));
        }

        foreach (int frames in new[] { 100, 400, 512, 700 })
        {
            var fitted = SpectrogramTimeFit.Fit(native, frames);
            Assert.All(fitted.Data, v => Assert.Equal(0.25f, v, 1e-6f));
        }
    }

    [Fact]
    public void Shrinking_keeps_the_energy_of_a_one_column_transient()
    {
        var native = new MelSpectrogram(1, 512);
        native[100, 0] = 1f;
        var fitted = SpectrogramTimeFit.Fit(native, 256);
        // Each target column averages two source columns, so the mean over the loop is preserved.
        Assert.Equal(native.Data.Average(), fitted.Data.Average(), 1e-6);
        Assert.True(fitted.Data.Max() >= 0.5f - 1e-6f);
    }

    [Fact]
    public void Stretching_wraps_around_the_loop_end()
    {
        var native = new MelSpectrogram(1, 4, new float[] { 0, 0, 0, 1 });
        var fitted = SpectrogramTimeFit.Fit(native, 8);
        // Target column 7 sits at source position 3.5: halfway between the last column (1) and the first (0).
        Assert.Equal(0.5f, fitted[7, 0], 1e-6f);
        Assert.Equal(1f, fitted[6, 0], 1e-6f);
    }
}
