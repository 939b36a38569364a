namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>The training noise schedule in double precision: β, ᾱ (alphas_cumprod) and the σ = √((1−ᾱ)/ᾱ) of each training step.</summary>
internal sealed class NoiseSchedule
{
    public NoiseSchedule(SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        int n = config.NumTrainTimesteps;
        Betas = new double[n];
        switch (config.BetaSchedule)
        {
            case BetaSchedule.Linear:
                for (int i = 0; i < n; i++)
                {
                    Betas[i] = config.BetaStart + (config.BetaEnd - config.BetaStart) * i / (n - 1);
                }

                break;
            case BetaSchedule.ScaledLinear:
                double a = Math.Sqrt(config.BetaStart), b = Math.Sqrt(config.BetaEnd);
                for (int i = 0; i < n; i++)
                {
                    double r = a + (b - a) * i / (n - 1);
                    Betas[i] = r * r;
                }

                break;
            case BetaSchedule.SquaredCosCapV2:
                for (int i = 0; i < n; i++)
                {
                    Betas[i] = Math.Min(1 - CosineAlphaBar((i + 1.0) / n) / CosineAlphaBar((double)i / n), 0.999);
                }

                break;
            default:
                throw new NotSupportedException($"Beta schedule {config.BetaSchedule} is not supported.");
        }

        AlphasCumprod = new double[n];
        double product = 1;
        for (int i = 0; i < n; i++)
        {
            product *= 1 - Betas[i];
            AlphasCumprod[i] = product;
        }
    }

    public double[] Betas { get; }

    /// <summary>ᾱ_t = Π_{s ≤ t} (1 − β_s).</summary>
    public double[] AlphasCumprod { get; }

    public int TrainSteps => AlphasCumprod.Length;

    public double AlphaCumprod(int t)
    {
        if ((uint)t >= (uint)AlphasCumprod.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Timestep must lie in 0 … {AlphasCumprod.Length - 1}.");
        }

        return AlphasCumprod[t];
    }

    /// <summary>σ of training step t in the variance-exploding parameterisation.</summary>
    public double Sigma(int t)
    {
        double a = AlphaCumprod(t);
        return Math.Sqrt((1 - a) / a);
    }

    /// <summary>x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε.</summary>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int t, Span<float> destination)
    {
        SpanChecks.SameLength(original, noise, destination);
        double a = AlphaCumprod(t);
        double signal = Math.Sqrt(a), noiseScale = Math.Sqrt(1 - a);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)(signal * original[i] + noiseScale * noise[i]);
        }
    }

    private static double CosineAlphaBar(double t)
    {
        double c = Math.Cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }
}
