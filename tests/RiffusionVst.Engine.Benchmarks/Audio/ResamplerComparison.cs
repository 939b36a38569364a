using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Engine.Benchmarks.Audio;

/// <summary>
/// <c>resampling</c> mode: why files are brought to 44.1 kHz by our Kaiser resampler and not NAudio's WDL resampler.
/// One second of a pure tone at 48 kHz goes to 44.1 kHz through both; printed is the output level (dB re the input tone)
/// away from the edges: near 0 dB in the passband, and as low as possible for a tone above 22.05 kHz, which must vanish
/// (what remains is its alias).
/// </summary>
internal static class ResamplerComparison
{
    private const int From = 48_000;
    private const int To = 44_100;

    public static void Run()
    {
        Console.WriteLine($"{"tone (Hz)",10} {"ours (dB)",10} {"NAudio WDL (dB)",16}");
        foreach (double hz in new[] { 1_000.0, 10_000, 18_000, 20_000, 23_000, 24_000 - 500 })
        {
            var tone = Enumerable.Range(0, From).Select(n => (float)Math.Sin(2 * Math.PI * hz * n / From)).ToArray();
            double ours = Level(Resampler.Resample(tone, To));
            double wdl = Level(Wdl(tone));
            Console.WriteLine($"{hz,10:0} {ours,10:0.0} {wdl,16:0.0}");
        }
    }

    private static float[] Wdl(float[] input)
    {
        var provider = new WdlResamplingSampleProvider(new ArraySamples(input, From), To);
        var output = new float[To + 4096];
        int total = 0, read;
        while (total < output.Length && (read = provider.Read(output.AsSpan(total, Math.Min(4096, output.Length - total)))) > 0)
        {
            total += read;
        }

        return output[..total];
    }

    // RMS of the middle half against a full-scale sine's (1/√2), in dB.
    private static double Level(float[] x)
    {
        var middle = x.AsSpan(x.Length / 4, x.Length / 2);
        double sum = 0;
        foreach (float v in middle)
        {
            sum += (double)v * v;
        }

        return 10 * Math.Log10((sum / middle.Length) / 0.5 + 1e-30);
    }

    private sealed class ArraySamples(float[] samples, int rate) : ISampleProvider
    {
        private int _position;

        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(rate, 1);

        public int Read(Span<float> buffer)
        {
            int n = Math.Min(buffer.Length, samples.Length - _position);
            samples.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
    }
}
