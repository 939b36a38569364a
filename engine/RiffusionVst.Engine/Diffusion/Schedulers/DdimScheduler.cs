using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>
/// DDIM with η = 0 (deterministic): x̂₀ = (x − √(1−ᾱ_t)·ε)/√ᾱ_t, x_prev = √ᾱ_prev·x̂₀ + √(1−ᾱ_prev)·ε,
/// with prev = t − N/steps. Defaults as diffusers' DDIMScheduler: leading spacing, set_alpha_to_one and clip_sample true.
/// </summary>
public sealed class DdimScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly NoiseSchedule _schedule;
    private readonly double _finalAlphaCumprod;
    private readonly bool _clipSample;
    private int[] _timesteps = [];
    private int _steps;

    /// <summary>Creates the scheduler from a model's scheduler config.</summary>
    public DdimScheduler(SchedulerConfig config)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _schedule = new NoiseSchedule(config);
        _finalAlphaCumprod = config.SetAlphaToOne ?? true ? 1.0 : _schedule.AlphasCumprod[0];
        _clipSample = config.ClipSample ?? true;
    }

    /// <inheritdoc/>
    public string Name => "ddim";

    /// <inheritdoc/>
    public IReadOnlyList<int> Timesteps => _timesteps;

    /// <inheritdoc/>
    public float InitNoiseSigma => 1f;

    /// <inheritdoc/>
    public void SetTimesteps(int steps)
    {
        SpanChecks.Steps(steps, _schedule.TrainSteps);
        _steps = steps;
        _timesteps = TimestepGrid.Descending(
            _config.TimestepSpacing ?? TimestepSpacing.Leading, _schedule.TrainSteps, steps, _config.StepsOffset);
    }

    /// <inheritdoc/>
    public void ScaleModelInput(Span<float> sample, int t)
    {
    }

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> modelOutput, int t, Span<float> sample, GaussianNoise? noise = null)
    {
        SpanChecks.SameLength(modelOutput, sample);
        if (_steps == 0)
        {
            throw new InvalidOperationException("Call SetTimesteps before stepping the scheduler.");
        }

        int prev = t - _schedule.TrainSteps / _steps;
        double alphaT = _schedule.AlphaCumprod(t);
        double alphaPrev = prev >= 0 ? _schedule.AlphaCumprod(prev) : _finalAlphaCumprod;
        double sqrtA = Math.Sqrt(alphaT), sqrtB = Math.Sqrt(1 - alphaT);
        double sqrtAPrev = Math.Sqrt(alphaPrev), sqrtBPrev = Math.Sqrt(1 - alphaPrev);
        double clip = _config.ClipSampleRange;
        bool v = _config.PredictionType == PredictionType.VPrediction;

        for (int i = 0; i < sample.Length; i++)
        {
            double x = sample[i], m = modelOutput[i];
            double x0, eps;
            if (v)
            {
                x0 = sqrtA * x - sqrtB * m;
                eps = sqrtA * m + sqrtB * x;
            }
            else
            {
                x0 = (x - sqrtB * m) / sqrtA;
                eps = m;
            }

            if (_clipSample)
            {
                x0 = Math.Clamp(x0, -clip, clip);
            }

            sample[i] = (float)(sqrtAPrev * x0 + sqrtBPrev * eps);
        }
    }

    /// <inheritdoc/>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int t, Span<float> destination) =>
        _schedule.AddNoise(original, noise, t, destination);
}
