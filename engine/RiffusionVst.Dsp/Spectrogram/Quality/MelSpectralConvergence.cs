namespace RiffusionVst.Dsp.Spectrogram.Quality;

/// <summary>Spectral convergence in the image domain: how well audio reproduces a target mel spectrogram, in dB (lower is better).</summary>
/// <remarks>
/// Both the target mel and the mel of the audio (same STFT and mel bank, full bin range) are mapped to amplitude^0.25 —
/// the image intensity riffusion's model sees — and each is divided by its own maximum so level does not count.
/// SC = 20·log10(‖target − got‖ / ‖target‖) over the columns both have (Frobenius norms). 0 dB means nothing matches;
/// riffusion's own path scores about −22 dB on its seed images.
/// </remarks>
public static class MelSpectralConvergence
{
    /// <summary>SC in dB between a target mel spectrogram and the mel spectrogram actually obtained.</summary>
    public static double Compute(MelSpectrogram target, MelSpectrogram got, double power = 0.25)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(got);
        if (target.Bands != got.Bands)
        {
            throw new ArgumentException($"Band counts differ ({target.Bands} vs {got.Bands}); compare spectrograms made with the same parameters.", nameof(got));
        }

        int columns = Math.Min(target.Frames, got.Frames);
        int count = columns * target.Bands;
        double targetPeak = Peak(target.Data.AsSpan(0, count), power);
        double gotPeak = Peak(got.Data.AsSpan(0, count), power);
        if (targetPeak == 0)
        {
            throw new ArgumentException("The target is silent, so spectral convergence is undefined.", nameof(target));
        }

        double error = 0, norm = 0;
        for (int i = 0; i < count; i++)
        {
            double a = Math.Pow(Math.Max(target.Data[i], 0f), power) / targetPeak;
            double b = gotPeak > 0 ? Math.Pow(Math.Max(got.Data[i], 0f), power) / gotPeak : 0;
            error += (a - b) * (a - b);
            norm += a * a;
        }

        return 10 * Math.Log10(error / norm);
    }

    /// <summary>SC in dB of <paramref name="audio"/> against <paramref name="target"/>, analysing the audio with the same parameters.</summary>
    public static double Measure(float[] audio, MelSpectrogram target, SpectrogramParameters parameters, bool periodic = false)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var stft = new Stft(parameters);
        var bank = new MelFilterBank(parameters);
        return Compute(target, bank.Apply(stft.ForwardMagnitudes(audio, periodic)));
    }

    private static double Peak(ReadOnlySpan<float> values, double power)
    {
        float max = 0;
        foreach (float v in values)
        {
            max = Math.Max(max, v);
        }

        return Math.Pow(max, power);
    }
}
