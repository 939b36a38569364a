using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>
/// PNDM in its PLMS form (skip_prk_steps; Riffusion's scheduler): a linear multistep method on ε of up to
/// fourth order. The first step is repeated (timesteps 981, 961, 961, 941 … for 50 steps): the second call
/// redoes step one with the mean of both ε, as diffusers does. The Runge–Kutta warm-up (skip_prk_steps
/// false) is not implemented; PLMS is used for every config.
/// </summary>
public sealed class PndmScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly NoiseSchedule _schedule;
    private readonly double _finalAlphaCumprod;
    private readonly List<float[]> _history = [];
    private int[] _timesteps = [];
    private int _steps;
    private int _counter;
    private float[]? _firstSample;
    private float[] _eps = [];

    /// <summary>Creates the scheduler from a model's scheduler config.</summary>
    public PndmScheduler(SchedulerConfig config)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _schedule = new NoiseSchedule(config);
        _finalAlphaCumprod = config.SetAlphaToOne ?? false ? 1.0 : _schedule.AlphasCumprod[0];
    }

    /// <inheritdoc/>
    public string Name => "pndm";

    /// <inheritdoc/>
    public IReadOnlyList<int> Timesteps => _timesteps;

    /// <inheritdoc/>
    public float InitNoiseSigma => 1f;

    /// <inheritdoc/>
    public void SetTimesteps(int steps)
    {
        SpanChecks.Steps(steps, _schedule.TrainSteps);
        _steps = steps;
        int[] grid = TimestepGrid.Descending(
            _config.TimestepSpacing ?? TimestepSpacing.Leading, _schedule.TrainSteps, steps, _config.StepsOffset);

        // Ascending a₀ … a_{n−1} becomes a_{n−1}, a_{n−2}, a_{n−2}, a_{n−3}, …, a₀: the second entry is repeated.
        var plms = new List<int>(steps + 1) { grid[0] };
        if (steps > 1)
        {
            plms.Add(grid[1]);
            plms.AddRange(grid.Skip(1));
        }

        _timesteps = plms.ToArray();
        _history.Clear();
        _counter = 0;
        _firstSample = null;
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

        int ratio = _schedule.TrainSteps / _steps;
        int prev = t - ratio;
        if (_counter != 1)
        {
            // Keep the last four ε; the oldest buffer is recycled so a run allocates only four latents.
            float[] slot;
            if (_history.Count > 3)
            {
                slot = _history[0];
                _history.RemoveAt(0);
            }
            else
            {
                slot = new float[modelOutput.Length];
            }

            if (slot.Length != modelOutput.Length)
            {
                throw new ArgumentException("The latent size changed between steps; call SetTimesteps before a new latent.");
            }

            modelOutput.CopyTo(slot);
            _history.Add(slot);
        }
        else
        {
            // The repeated timestep: step again from the first sample, from t + ratio to t.
            prev = t;
            t += ratio;
        }

        if (_eps.Length != sample.Length)
        {
            _eps = new float[sample.Length];
        }

        float[] eps = _eps;
        int n = _history.Count;
        if (n == 1 && _counter == 0)
        {
            modelOutput.CopyTo(eps);
            _firstSample = sample.ToArray();
        }
        else if (n == 1 && _counter == 1)
        {
            float[] e1 = _history[0];
            for (int i = 0; i < eps.Length; i++)
            {
                eps[i] = (modelOutput[i] + e1[i]) / 2;
            }

            _firstSample!.CopyTo(sample);
            _firstSample = null;
        }
        else
        {
            Combine(eps);
        }

        PreviousSample(sample, t, prev, eps);
        _counter++;
    }

    /// <inheritdoc/>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int t, Span<float> destination) =>
        _schedule.AddNoise(original, noise, t, destination);

    /// <summary>Adams–Bashforth combinations of the last 2, 3 or 4 ε (newest last in the history).</summary>
    private void Combine(float[] eps)
    {
        int n = _history.Count;
        float[] e1 = _history[n - 1], e2 = _history[n - 2];

        // One loop per order, with the history arrays fetched once: the same arithmetic as a per-element switch, several times faster.
        switch (n)
        {
            case 2:
                for (int i = 0; i < eps.Length; i++)
                {
                    eps[i] = (float)((3.0 * e1[i] - e2[i]) / 2);
                }

                break;
            case 3:
                float[] oldest = _history[0];
                for (int i = 0; i < eps.Length; i++)
                {
                    eps[i] = (float)((23.0 * e1[i] - 16.0 * e2[i] + 5.0 * oldest[i]) / 12);
                }

                break;
            default:
                float[] e3 = _history[n - 3], e4 = _history[n - 4];
                for (int i = 0; i < eps.Length; i++)
                {
                    eps[i] = (float)((55.0 * e1[i] - 59.0 * e2[i] + 37.0 * e3[i] - 9.0 * e4[i]) / 24);
                }

                break;
        }
    }

    /// <summary>
    /// PNDM's transfer (eq. 9 of Liu et al.): x_prev = √(ᾱ_prev/ᾱ_t)·x − (ᾱ_prev − ᾱ_t)·ε /
    /// (ᾱ_t·√(1−ᾱ_prev) + √(ᾱ_t(1−ᾱ_t)ᾱ_prev)).
    /// </summary>
    private void PreviousSample(Span<float> sample, int t, int prev, float[] eps)
    {
        double a = _schedule.AlphaCumprod(t);
        double aPrev = prev >= 0 ? _schedule.AlphaCumprod(prev) : _finalAlphaCumprod;
        double b = 1 - a, bPrev = 1 - aPrev;
        double sampleCoeff = Math.Sqrt(aPrev / a);
        double denominator = a * Math.Sqrt(bPrev) + Math.Sqrt(a * b * aPrev);
        double epsCoeff = (aPrev - a) / denominator;
        bool v = _config.PredictionType == PredictionType.VPrediction;
        double sqrtA = Math.Sqrt(a), sqrtB = Math.Sqrt(b);
        if (v)
        {
            for (int i = 0; i < sample.Length; i++)
            {
                double x = sample[i];
                double e = sqrtA * eps[i] + sqrtB * x;
                sample[i] = (float)(sampleCoeff * x - epsCoeff * e);
            }

            return;
        }

        for (int i = 0; i < sample.Length; i++)
        {
            double x = sample[i];
            sample[i] = (float)(sampleCoeff * x - epsCoeff * eps[i]);
        }
    }
}
