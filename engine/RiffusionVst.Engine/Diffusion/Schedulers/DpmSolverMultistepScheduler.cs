using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>
/// DPM-Solver++(2M) (diffusers' DPMSolverMultistepScheduler: dpmsolver++, order 2, midpoint, lower_order_final,
/// final σ 0). With α_t = 1/√(σ²+1), σ_t = σ·α_t, λ = ln α_t − ln σ_t, h = λ_next − λ_cur and D = x̂₀:
/// first order x_next = (σ_next/σ_cur)·x − α_next·(e^{−h} − 1)·D₀; second order adds
/// −½·α_next·(e^{−h} − 1)·(D₀ − D₁)·h/h_prev. The first and the last step are first order.
/// </summary>
public sealed class DpmSolverMultistepScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly NoiseSchedule _schedule;
    private int[] _timesteps = [];
    private double[] _sigmas = [];
    private float[]? _previousX0;
    private float[]? _spareX0;
    private int _previousIndex = -1;
    private int _nextIndex;

    /// <summary>Creates the scheduler from a model's scheduler config.</summary>
    public DpmSolverMultistepScheduler(SchedulerConfig config)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _schedule = new NoiseSchedule(config);
    }

    /// <inheritdoc/>
    public string Name => "dpmpp2m";

    /// <inheritdoc/>
    public IReadOnlyList<int> Timesteps => _timesteps;

    /// <summary>σ for each timestep plus a final 0.</summary>
    public IReadOnlyList<double> Sigmas => _sigmas;

    /// <inheritdoc/>
    public float InitNoiseSigma => 1f;

    /// <inheritdoc/>
    public void SetTimesteps(int steps)
    {
        int n = _schedule.TrainSteps;
        SpanChecks.Steps(steps, n);
        var t = new int[steps];
        switch (_config.TimestepSpacing ?? TimestepSpacing.Linspace)
        {
            case TimestepSpacing.Linspace:
                // linspace(0, N − 1, steps + 1), rounded, reversed, last (0) dropped.
                for (int i = 0; i < steps; i++)
                {
                    t[i] = (int)Math.Round(TimestepGrid.Linspace(0, n - 1, steps + 1, steps - i));
                }

                break;
            case TimestepSpacing.Leading:
                int ratio = n / (steps + 1);
                for (int i = 0; i < steps; i++)
                {
                    t[i] = (steps - i) * ratio + _config.StepsOffset;
                }

                break;
            case TimestepSpacing.Trailing:
                t = TimestepGrid.Descending(TimestepSpacing.Trailing, n, steps, 0);
                break;
        }

        foreach (int value in t)
        {
            _schedule.AlphaCumprod(value);
        }

        _timesteps = t;
        _sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++)
        {
            _sigmas[i] = _schedule.Sigma(t[i]);
        }

        _previousX0 = null;
        _previousIndex = -1;
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
        (double alphaS, double sigmaS) = AlphaSigma(_sigmas[index]);
        (double alphaT, double sigmaT) = AlphaSigma(_sigmas[index + 1]);

        // x̂₀ from the model output (dpmsolver++ works on the data prediction).
        // Two x̂₀ buffers alternate: the current one and the previous step's.
        float[] x0 = _spareX0 is { } spare && spare.Length == sample.Length ? spare : new float[sample.Length];
        bool v = _config.PredictionType == PredictionType.VPrediction;
        for (int i = 0; i < x0.Length; i++)
        {
            x0[i] = (float)(v ? alphaS * sample[i] - sigmaS * modelOutput[i] : (sample[i] - sigmaS * modelOutput[i]) / alphaS);
        }

        bool last = index == _timesteps.Length - 1;
        bool secondOrder = !last && _previousX0 is not null && _previousIndex == index - 1;
        if (sigmaT == 0)
        {
            // σ_next = 0: λ_next = ∞, e^{−h} = 0, and both orders reduce to x_next = x̂₀.
            x0.CopyTo(sample);
        }
        else
        {
            double lambdaS = Math.Log(alphaS) - Math.Log(sigmaS);
            double lambdaT = Math.Log(alphaT) - Math.Log(sigmaT);
            double h = lambdaT - lambdaS;
            double ratio = sigmaT / sigmaS;
            double phi = alphaT * (Math.Exp(-h) - 1);
            if (secondOrder)
            {
                (double alphaP, double sigmaP) = AlphaSigma(_sigmas[index - 1]);
                double lambdaP = Math.Log(alphaP) - Math.Log(sigmaP);
                double r = (lambdaS - lambdaP) / h;
                float[] d1Source = _previousX0!;
                for (int i = 0; i < sample.Length; i++)
                {
                    double d0 = x0[i];
                    double d1 = (d0 - d1Source[i]) / r;
                    sample[i] = (float)(ratio * sample[i] - phi * d0 - 0.5 * phi * d1);
                }
            }
            else
            {
                for (int i = 0; i < sample.Length; i++)
                {
                    sample[i] = (float)(ratio * sample[i] - phi * x0[i]);
                }
            }
        }

        _spareX0 = _previousX0;
        _previousX0 = x0;
        _previousIndex = index;
        _nextIndex = index + 1;
    }

    /// <inheritdoc/>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int t, Span<float> destination) =>
        _schedule.AddNoise(original, noise, t, destination);

    private static (double Alpha, double Sigma) AlphaSigma(double sigma)
    {
        double alpha = 1 / Math.Sqrt(sigma * sigma + 1);
        return (alpha, sigma * alpha);
    }
}
