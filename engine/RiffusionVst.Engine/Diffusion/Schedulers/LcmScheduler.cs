using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>
/// Latent Consistency Model sampling (for LCM-distilled UNets, 4–8 steps). Timesteps are taken from the
/// distillation grid k·(N/original_inference_steps) − 1; each step maps x_t to the consistency output
/// D = c_out·x̂₀ + c_skip·x with c_skip = σ_d²/((10t)² + σ_d²), c_out = 10t/√((10t)² + σ_d²), σ_d = 0.5,
/// then re-noises D to the next timestep with fresh Gaussian noise, drawn from the noise passed to
/// <see cref="Step"/> (none after the last step).
/// Defaults as diffusers' LCMScheduler: set_alpha_to_one true, clip_sample false.
/// </summary>
public sealed class LcmScheduler : IScheduler
{
    private const double SigmaData = 0.5;
    private readonly SchedulerConfig _config;
    private readonly NoiseSchedule _schedule;
    private readonly double _finalAlphaCumprod;
    private int[] _timesteps = [];
    private int _nextIndex;

    /// <summary>Creates the scheduler.</summary>
    public LcmScheduler(SchedulerConfig config)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _schedule = new NoiseSchedule(config);
        _finalAlphaCumprod = config.SetAlphaToOne ?? true ? 1.0 : _schedule.AlphasCumprod[0];
    }

    /// <inheritdoc/>
    public string Name => "lcm";

    /// <inheritdoc/>
    public IReadOnlyList<int> Timesteps => _timesteps;

    /// <inheritdoc/>
    public float InitNoiseSigma => 1f;

    /// <inheritdoc/>
    public void SetTimesteps(int steps)
    {
        int original = _config.OriginalInferenceSteps;
        if (original < 1 || original > _schedule.TrainSteps)
        {
            throw new InvalidDataException($"original_inference_steps is {original}; it must lie in 1 … {_schedule.TrainSteps}.");
        }

        if (steps < 1 || steps > original)
        {
            throw new ArgumentOutOfRangeException(
                nameof(steps), steps, $"LCM takes 1 … {original} steps (original_inference_steps); 4–8 is typical.");
        }

        // Distillation grid, noisiest first: k·(N / original) − 1 for k = original … 1.
        int stride = _schedule.TrainSteps / original;
        _timesteps = new int[steps];
        for (int i = 0; i < steps; i++)
        {
            // numpy: floor(linspace(0, original, steps, endpoint=False))[i] indexes the reversed grid.
            int gridIndex = (int)Math.Floor(i * ((double)original / steps));
            _timesteps[i] = (original - gridIndex) * stride - 1;
        }

        _nextIndex = 0;
    }

    /// <inheritdoc/>
    public void ScaleModelInput(Span<float> sample, int t)
    {
    }

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> modelOutput, int t, Span<float> sample, GaussianNoise? noise = null)
    {
        SpanChecks.SameLength(modelOutput, sample);
        int index = SpanChecks.IndexOf(_timesteps, t, _nextIndex);
        bool last = index == _timesteps.Length - 1;
        if (!last && noise is null)
        {
            throw new ArgumentNullException(nameof(noise), "LCM re-noises between steps: pass the generation's noise to every step but the last.");
        }

        int prev = last ? t : _timesteps[index + 1];

        double a = _schedule.AlphaCumprod(t);
        double aPrev = prev >= 0 ? _schedule.AlphaCumprod(prev) : _finalAlphaCumprod;
        double sqrtA = Math.Sqrt(a), sqrtB = Math.Sqrt(1 - a);
        double sqrtAPrev = Math.Sqrt(aPrev), sqrtBPrev = Math.Sqrt(1 - aPrev);

        double scaled = t * _config.TimestepScaling;
        double cSkip = SigmaData * SigmaData / (scaled * scaled + SigmaData * SigmaData);
        double cOut = scaled / Math.Sqrt(scaled * scaled + SigmaData * SigmaData);
        bool v = _config.PredictionType == PredictionType.VPrediction;
        bool clip = _config.ClipSample ?? false;
        double range = _config.ClipSampleRange;

        for (int i = 0; i < sample.Length; i++)
        {
            double x = sample[i], m = modelOutput[i];
            double x0 = v ? sqrtA * x - sqrtB * m : (x - sqrtB * m) / sqrtA;
            if (clip)
            {
                x0 = Math.Clamp(x0, -range, range);
            }

            double denoised = cOut * x0 + cSkip * x;
            sample[i] = (float)(last ? denoised : sqrtAPrev * denoised + sqrtBPrev * noise!.NextGaussian());
        }

        _nextIndex = index + 1;
    }

    /// <inheritdoc/>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int t, Span<float> destination) =>
        _schedule.AddNoise(original, noise, t, destination);
}
