using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>
/// Euler's method on the probability-flow ODE in σ = √((1−ᾱ)/ᾱ) (diffusers' EulerDiscreteScheduler, no churn):
/// the UNet sees x/√(σ²+1), x̂₀ = x − σ·ε, x_next = x + (x − x̂₀)/σ·(σ_next − σ), σ after the last step is 0.
/// Default spacing is linspace; its fractional timesteps are rounded to whole training steps and σ is taken
/// at the rounded step, so the UNet timestep and σ always agree (diffusers passes the fractional value).
/// </summary>
public sealed class EulerDiscreteScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly NoiseSchedule _schedule;
    private int[] _timesteps = [];
    private double[] _sigmas = [];
    private int _nextIndex;
    private float _initNoiseSigma = 1f;

    /// <summary>Creates the scheduler from a model's scheduler config.</summary>
    public EulerDiscreteScheduler(SchedulerConfig config)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _schedule = new NoiseSchedule(config);
    }

    /// <inheritdoc/>
    public string Name => "euler";

    /// <inheritdoc/>
    public IReadOnlyList<int> Timesteps => _timesteps;

    /// <summary>σ for each timestep plus a final 0.</summary>
    public IReadOnlyList<double> Sigmas => _sigmas;

    /// <inheritdoc/>
    public float InitNoiseSigma => _initNoiseSigma;

    /// <inheritdoc/>
    public void SetTimesteps(int steps)
    {
        SpanChecks.Steps(steps, _schedule.TrainSteps);
        TimestepSpacing spacing = _config.TimestepSpacing ?? TimestepSpacing.Linspace;
        _timesteps = TimestepGrid.Descending(spacing, _schedule.TrainSteps, steps, _config.StepsOffset);
        _sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++)
        {
            _sigmas[i] = _schedule.Sigma(_timesteps[i]);
        }

        double maxSigma = _sigmas.Max();
        _initNoiseSigma = (float)(spacing == TimestepSpacing.Leading ? Math.Sqrt(maxSigma * maxSigma + 1) : maxSigma);
        _nextIndex = 0;
    }

    /// <inheritdoc/>
    public void ScaleModelInput(Span<float> sample, int t)
    {
        double sigma = _sigmas[SpanChecks.IndexOf(_timesteps, t, _nextIndex)];
        float scale = (float)(1 / Math.Sqrt(sigma * sigma + 1));
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] *= scale;
        }
    }

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> modelOutput, int t, Span<float> sample, GaussianNoise? noise = null)
    {
        SpanChecks.SameLength(modelOutput, sample);
        int index = SpanChecks.IndexOf(_timesteps, t, _nextIndex);
        double sigma = _sigmas[index];
        double dt = _sigmas[index + 1] - sigma;
        bool v = _config.PredictionType == PredictionType.VPrediction;
        double vOut = -sigma / Math.Sqrt(sigma * sigma + 1), vIn = 1 / (sigma * sigma + 1);
        for (int i = 0; i < sample.Length; i++)
        {
            double x = sample[i];
            double x0 = v ? modelOutput[i] * vOut + x * vIn : x - sigma * modelOutput[i];
            double derivative = (x - x0) / sigma;
            sample[i] = (float)(x + derivative * dt);
        }

        _nextIndex = index + 1;
    }

    /// <summary>x = x₀ + σ_t·ε (the variance-exploding form this scheduler samples in).</summary>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int t, Span<float> destination)
    {
        SpanChecks.SameLength(original, noise, destination);
        double sigma = _sigmas[SpanChecks.IndexOf(_timesteps, t, -1)];
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)(original[i] + sigma * noise[i]);
        }
    }
}
