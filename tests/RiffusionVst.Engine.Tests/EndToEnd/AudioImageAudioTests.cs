using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Engine.Tests.EndToEnd;

/// <summary>Audio → WAV file → PNG spectrogram file → audio, on signals synthesised here.</summary>
public sealed class AudioImageAudioTests : IDisposable
{
    private const int Rate = 44_100;
    private static readonly SpectrogramConverter Converter = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("riffusion-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static float[] Tones(double seconds, params double[] frequencies)
    {
        var x = new float[(int)(seconds * Rate)];
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / Rate;
            x[i] = (float)(frequencies.Sum(f => Math.Sin(2 * Math.PI * f * t)) * 0.8 / frequencies.Length);
        }

        return x;
    }

    // Through real files: WAV written and read, PNG written and read, then rendered as a plain clip.
    private (MelSpectrogram Input, MelSpectrogram Output, float[] Audio) RoundTrip(float[] signal)
    {
        string wav = Path.Combine(_folder, "in.wav");
        string png = Path.Combine(_folder, "in.png");
        WavFile.Write(wav, new AudioClip(Rate, signal));
        var read = WavFile.Read(wav).Clip;
        var mel = Converter.AudioToMel(read.Channels[0]);
        SpectrogramImageFile.Save(png, [mel], SpectrogramParameters.Riffusion);
        var (channels, parameters) = SpectrogramImageFile.Load(png);
        var audio = new LoopRenderer(parameters).RenderClip(channels, Rate).Channels[0];
        return (mel, Converter.AudioToMel(audio), audio);
    }

    private static int[] PeakBands(MelSpectrogram mel, int count)
    {
        var energy = new double[mel.Bands];
        for (int f = 2; f < mel.Frames - 2; f++)
        {
            for (int b = 0; b < mel.Bands; b++)
            {
                energy[b] += mel[f, b];
            }
        }

        // Local maxima, strongest first.
        return Enumerable.Range(1, mel.Bands - 2)
            .Where(b => energy[b] >= energy[b - 1] && energy[b] >= energy[b + 1])
            .OrderByDescending(b => energy[b])
            .Take(count)
            .Order()
            .ToArray();
    }

    [Theory]
    [InlineData(110.0)]
    [InlineData(440.0)]
    [InlineData(3520.0)]
    public void A_sine_keeps_its_pitch(double frequency)
    {
        var (input, output, _) = RoundTrip(Tones(1.0, frequency));
        Assert.InRange(PeakBands(output, 1)[0], PeakBands(input, 1)[0] - 1, PeakBands(input, 1)[0] + 1);
    }

    [Fact]
    public void A_chord_keeps_all_its_notes()
    {
        var (input, output, _) = RoundTrip(Tones(1.0, 220.0, 277.18, 329.63, 440.0)); // A major with the octave
        var want = PeakBands(input, 4);
        var got = PeakBands(output, 4);
        for (int i = 0; i < want.Length; i++)
        {
            Assert.InRange(got[i], want[i] - 1, want[i] + 1);
        }
    }

    [Fact]
    public void A_sweep_is_followed_frame_by_frame()
    {
        var x = new float[Rate];
        double phase = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double f = 200 * Math.Pow(10, (double)i / x.Length); // 200 Hz → 2 kHz, exponential
            phase += 2 * Math.PI * f / Rate;
            x[i] = (float)(0.7 * Math.Sin(phase));
        }

        var (input, output, _) = RoundTrip(x);
        int followed = 0, frames = 0;
        for (int f = 5; f < Math.Min(input.Frames, output.Frames) - 5; f++)
        {
            int want = ArgMax(input.Frame(f));
            int got = ArgMax(output.Frame(f));
            frames++;
            followed += Math.Abs(want - got) <= 1 ? 1 : 0;
        }

        Assert.True(followed >= frames * 0.9, $"peak band followed in {followed} of {frames} frames");
    }

    [Fact]
    public void Drum_hits_keep_their_onsets_within_10_ms()
    {
        double[] hits = [0.10, 0.35, 0.52, 0.80];
        var x = new float[Rate];
        var noise = new Random(7);
        foreach (double hit in hits)
        {
            int start = (int)(hit * Rate);
            for (int i = 0; i < Rate / 10 && start + i < x.Length; i++)
            {
                double t = (double)i / Rate;
                x[start + i] += (float)(Math.Exp(-t / 0.02) * ((0.6 * Math.Sin(2 * Math.PI * 90 * t)) + (0.3 * ((noise.NextDouble() * 2) - 1))));
            }
        }

        var (_, _, audio) = RoundTrip(x);
        foreach (double hit in hits)
        {
            double onset = FindOnset(audio, hit - 0.06, hit + 0.06);
            Assert.InRange(onset, hit - 0.010, hit + 0.010);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }

    // The first 1 ms window in [from, to) whose energy reaches a quarter of the loudest window there.
    private static double FindOnset(float[] audio, double from, double to)
    {
        int w = Rate / 1000;
        int first = (int)(from * Rate) / w, last = (int)(to * Rate) / w;
        var energy = new double[last - first];
        for (int k = 0; k < energy.Length; k++)
        {
            for (int i = 0; i < w; i++)
            {
                double v = audio[((first + k) * w) + i];
                energy[k] += v * v;
            }
        }

        double peak = energy.Max();
        int onset = Array.FindIndex(energy, e => e >= peak / 4);
        return (double)(first + onset) * w / Rate;
    }
}
