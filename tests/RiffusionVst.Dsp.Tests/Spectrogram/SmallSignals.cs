using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Dsp.Tests.Spectrogram;

/// <summary>Small spectrogram settings and test signals, so each test runs in milliseconds with any FFT.</summary>
internal static class SmallSignals
{
    /// <summary>Same shape as riffusion's (window = 4 hops, FFT = 4 windows) at a tenth of the size: hop 64, window 256, FFT 1024.</summary>
    public static SpectrogramParameters Parameters { get; } = new()
    {
        SampleRate = 8000,
        StepMs = 8,
        WindowMs = 32,
        PaddedMs = 128,
        MelBands = 48,
        MinFrequency = 0,
        MaxFrequency = 3000,
    };

    /// <summary>A chord of three partials with a slow amplitude swell.</summary>
    public static float[] Chord(int samples, int sampleRate = 8000)
    {
        var x = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            double t = (double)i / sampleRate;
            double envelope = 0.6 + 0.4 * Math.Sin(2 * Math.PI * 3 * t);
            x[i] = (float)(envelope * (0.5 * Math.Sin(2 * Math.PI * 330 * t) + 0.3 * Math.Sin(2 * Math.PI * 415.3 * t + 1) + 0.2 * Math.Sin(2 * Math.PI * 494 * t + 2)));
        }

        return x;
    }

    /// <summary>A linear chirp from <paramref name="from"/> to <paramref name="to"/> Hz.</summary>
    public static float[] Chirp(int samples, double from = 200, double to = 2000, int sampleRate = 8000)
    {
        var x = new float[samples];
        double duration = (double)samples / sampleRate;
        for (int i = 0; i < samples; i++)
        {
            double t = (double)i / sampleRate;
            x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * (from * t + 0.5 * (to - from) / duration * t * t)));
        }

        return x;
    }

    /// <summary>Uniform noise in [−1, 1) from a fixed seed.</summary>
    public static float[] Noise(int samples, int seed)
    {
        var random = new Random(seed);
        var x = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            x[i] = (float)(2 * random.NextDouble() - 1);
        }

        return x;
    }
}
