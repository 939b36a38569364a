using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Loops;

public class LoopRendererTests
{
    private static readonly SpectrogramConverter Converter = new();

    // One bar of a synthesised beat on the native grid, as the model would see it (256 columns, periodic).
    private static MelSpectrogram[] OneBarBeat(string pattern = "four-on-the-floor")
    {
        var audio = SeedPatternRenderer.Render(SeedPatternCatalog.Get(pattern), bars: 1);
        return [Converter.AudioToMel(audio.Channels[0], periodic: true)];
    }

    [Theory]
    [InlineData(120, 2, 48_000, 192_000)]
    [InlineData(120, 2, 44_100, 176_400)]
    [InlineData(93.75, 2, 44_100, 225_792)]
    [InlineData(133, 1, 96_000, 173_233)] // 4 · 60/133 · 96 000 = 173 233.08 → 173 233
    public void Loops_are_exactly_whole_bars_long(double bpm, int bars, int rate, int expected)
    {
        var clip = new LoopRenderer().RenderLoop(OneBarBeat(), new LoopSpec(bpm, bars, 4, rate));
        Assert.Equal(rate, clip.SampleRate);
        Assert.Equal(expected, clip.Length);
    }

    [Fact]
    public void Output_never_exceeds_minus_0_1_dBFS()
    {
        var clip = new LoopRenderer().RenderLoop(OneBarBeat("breakbeat"), new LoopSpec(120, 1, 4, 48_000));
        float ceiling = MathF.Pow(10, -0.1f / 20);
        Assert.All(clip.Channels[0], s => Assert.True(MathF.Abs(s) <= ceiling, $"sample {s} above −0.1 dBFS"));
        Assert.True(clip.Channels[0].Max(MathF.Abs) > 0.1f, "the loop should not be near silence");
    }

    // A sustained chord: its spectrogram is steady, so any click at the loop point would stand out.
    private static MelSpectrogram[] OneBarPad()
    {
        var x = new float[112_896]; // one native bar at 44.1 kHz
        var noise = new Random(3);
        for (int i = 0; i < x.Length; i++)
        {
            double t = i / 44_100.0;
            x[i] = (float)((0.2 * (Math.Sin(2 * Math.PI * 220 * t) + Math.Sin(2 * Math.PI * 277.18 * t) + Math.Sin(2 * Math.PI * 329.63 * t)))
                + (0.02 * ((noise.NextDouble() * 2) - 1)));
        }

        return [Converter.AudioToMel(x, periodic: true)];
    }

    // High-frequency energy (squared first difference) in 10 ms windows of the loop played twice: the seam's
    // window against the median window of the rest.
    private static (double Seam, double Median) SeamAndMedian(float[] loop, int rate)
    {
        int window = rate / 100;
        var twice = loop.Concat(loop).ToArray();
        double Energy(int centre)
        {
            double e = 0;
            for (int i = centre - (window / 2); i < centre + (window / 2); i++)
            {
                double d = twice[i] - twice[i - 1];
                e += d * d;
            }

            return e;
        }

        var others = new List<double>();
        for (int centre = window; centre + window < loop.Length; centre += window)
        {
            others.Add(Energy(centre));
        }

        others.Sort();
        return (Energy(loop.Length), others[others.Count / 2]);
    }

    [Theory]
    [InlineData(120, 48_000)]
    [InlineData(100, 44_100)]
    [InlineData(147, 96_000)]
    public void Played_twice_in_a_row_the_seam_has_no_click(double bpm, int rate)
    {
        var clip = new LoopRenderer().RenderLoop(OneBarPad(), new LoopSpec(bpm, 1, 4, rate));
        var (seam, median) = SeamAndMedian(clip.Channels[0], rate);
        Assert.True(seam <= 1.5 * median, $"seam HF energy {seam:g4} vs median {median:g4}");
    }

    [Fact]
    public void The_seam_check_catches_a_loop_that_was_not_reconstructed_periodically()
    {
        // Control: the same image rendered as a plain clip and cut to length clicks where it wraps.
        var clip = new LoopRenderer().RenderClip(OneBarPad(), 44_100);
        var cut = clip.Channels[0].AsSpan(0, clip.Length - 4_000).ToArray();
        var (seam, median) = SeamAndMedian(cut, 44_100);
        Assert.True(seam > 1.5 * median, $"seam HF energy {seam:g4} vs median {median:g4}");
    }

    [Fact]
    public void Same_image_and_seed_give_the_same_samples()
    {
        var spec = new LoopSpec(110, 1, 4, 48_000);
        var a = new LoopRenderer().RenderLoop(OneBarBeat(), spec);
        var b = new LoopRenderer().RenderLoop(OneBarBeat(), spec);
        Assert.Equal(a.Channels[0], b.Channels[0]);
    }

    [Fact]
    public void Stereo_images_give_stereo_loops_with_one_gain()
    {
        var left = OneBarBeat("four-on-the-floor")[0];
        var right = OneBarBeat("half-time")[0];
        var clip = new LoopRenderer().RenderLoop([left, right], new LoopSpec(120, 1, 4, 44_100));
        Assert.Equal(2, clip.ChannelCount);
        Assert.NotEqual(clip.Channels[0], clip.Channels[1]);
    }

    [Fact]
    public void Images_of_the_wrong_height_are_refused_with_a_reason()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new LoopRenderer().RenderLoop([new MelSpectrogram(256, 100)], new LoopSpec(120, 1)));
        Assert.Contains("mel bands", error.Message);
    }

    [Fact]
    public void Plain_clips_keep_the_image_timing_and_target_rate()
    {
        var mel = OneBarBeat()[0]; // 256 columns → 255 hops of audio at 44.1 kHz
        var clip = new LoopRenderer().RenderClip([mel], 48_000);
        Assert.Equal((int)Math.Round(255 * 441 * 48_000.0 / 44_100.0), clip.Length);
        Assert.IsType<AudioClip>(clip);
    }
}
