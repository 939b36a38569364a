using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

public class DdimSchedulerTests
{
    [Fact]
    public void Leading_timesteps_with_offset_one()
    {
        // step ratio 1000/50 = 20: 49·20 + 1 = 981 down to 0·20 + 1 = 1.
        var s = new DdimScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 981 - 20 * i), s.Timesteps);
    }

    [Fact]
    public void Linspace_and_trailing_timesteps()
    {
        // linspace(0, 999, 10) = 0, 111, …, 999 (exact multiples of 111); trailing: round(1000 − 100k) − 1.
        var lin = new DdimScheduler(SchedulerConfig.Riffusion with { TimestepSpacing = TimestepSpacing.Linspace });
        lin.SetTimesteps(10);
        Assert.Equal(new[] { 999, 888, 777, 666, 555, 444, 333, 222, 111, 0 }, lin.Timesteps);

        var trailing = new DdimScheduler(SchedulerConfig.Riffusion with { TimestepSpacing = TimestepSpacing.Trailing });
        trailing.SetTimesteps(10);
        Assert.Equal(new[] { 999, 899, 799, 699, 599, 499, 399, 299, 199, 99 }, trailing.Timesteps);
    }

    [Fact]
    public void Step_follows_the_eta_zero_formula()
    {
        // DDIM, η = 0: x̂₀ = (x − √(1−ᾱ_t)·ε)/√ᾱ_t, x_prev = √ᾱ_prev·x̂₀ + √(1−ᾱ_prev)·ε, prev = t − 1000/50.
        var s = new DdimScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(50);
        float[] x = [0.5f, -1.25f, 2f];
        float[] eps = [0.1f, 0.7f, -0.3f];
        int t = 501, prev = 481;
        double a = ReferenceSchedule.AlphaBar[t], ap = ReferenceSchedule.AlphaBar[prev];
        double[] expected = x.Select((xi, i) =>
        {
            double x0 = (xi - Math.Sqrt(1 - a) * eps[i]) / Math.Sqrt(a);
            return Math.Sqrt(ap) * x0 + Math.Sqrt(1 - ap) * eps[i];
        }).ToArray();

        s.Step(eps, t, x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expected[i], x[i], 5);
        }
    }

    [Fact]
    public void Last_step_uses_alpha_zero_unless_set_alpha_to_one()
    {
        // At t = 1 the previous timestep is −19 < 0, so ᾱ_prev is ᾱ₀ (set_alpha_to_one false) or 1 (true).
        float[] eps = [0.4f];
        double a = ReferenceSchedule.AlphaBar[1];
        double x0 = (1.0 - Math.Sqrt(1 - a) * 0.4) / Math.Sqrt(a);

        var s = new DdimScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(50);
        float[] x = [1f];
        s.Step(eps, 1, x);
        double a0 = ReferenceSchedule.AlphaBar[0];
        Assert.Equal(Math.Sqrt(a0) * x0 + Math.Sqrt(1 - a0) * 0.4, x[0], 5);

        var one = new DdimScheduler(SchedulerConfig.Riffusion with { SetAlphaToOne = true });
        one.SetTimesteps(50);
        float[] y = [1f];
        one.Step(eps, 1, y);
        Assert.Equal(x0, y[0], 5);
    }

    [Fact]
    public void V_prediction_converts_to_x0_and_epsilon()
    {
        // v = √ᾱ·ε − √(1−ᾱ)·x₀ and x = √ᾱ·x₀ + √(1−ᾱ)·ε give x₀ = √ᾱ·x − √(1−ᾱ)·v, ε = √ᾱ·v + √(1−ᾱ)·x.
        var config = SchedulerConfig.Riffusion with { PredictionType = PredictionType.VPrediction };
        var s = new DdimScheduler(config);
        s.SetTimesteps(50);
        int t = 741, prev = 721;
        double a = ReferenceSchedule.AlphaBar[t], ap = ReferenceSchedule.AlphaBar[prev];
        double clean = 0.3, noise = -0.8;
        double xt = Math.Sqrt(a) * clean + Math.Sqrt(1 - a) * noise;
        double v = Math.Sqrt(a) * noise - Math.Sqrt(1 - a) * clean;
        float[] x = [(float)xt];
        s.Step([(float)v], t, x);
        Assert.Equal(Math.Sqrt(ap) * clean + Math.Sqrt(1 - ap) * noise, x[0], 5);
    }

    [Fact]
    public void Clip_sample_clamps_the_predicted_clean_sample()
    {
        var s = new DdimScheduler(SchedulerConfig.Riffusion with { ClipSample = true });
        s.SetTimesteps(50);
        int t = 981, prev = 961;
        double a = ReferenceSchedule.AlphaBar[t], ap = ReferenceSchedule.AlphaBar[prev];
        // x̂₀ = (3 − √(1−ᾱ)·0)/√ᾱ ≫ 1, clamped to 1.
        float[] x = [3f];
        s.Step([0f], t, x);
        Assert.Equal(Math.Sqrt(ap) * 1.0, x[0], 5);
    }

    [Fact]
    public void Exact_noise_as_model_output_recovers_the_clean_sample()
    {
        // With the true ε every DDIM step lands on √ᾱ_prev·x₀ + √(1−ᾱ_prev)·ε, and ᾱ after the last step is 1.
        var s = new DdimScheduler(SchedulerConfig.Riffusion with { SetAlphaToOne = true });
        s.SetTimesteps(20);
        float[] clean = [0.9f, -0.2f, 0.05f, -1.1f];
        float[] noise = [1.3f, -0.4f, 0.8f, 0.1f];
        ExactNoiseRecovery.AssertRecovers(s, clean, noise);
    }

    [Fact]
    public void Add_noise_is_the_forward_process()
    {
        var s = new DdimScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(50);
        float[] d = new float[1];
        s.AddNoise([2f], [-1f], 600, d);
        double a = ReferenceSchedule.AlphaBar[600];
        Assert.Equal(Math.Sqrt(a) * 2 - Math.Sqrt(1 - a), d[0], 5);
    }

    [Fact]
    public void Stepping_before_set_timesteps_or_with_mismatched_sizes_fails_clearly()
    {
        var s = new DdimScheduler(SchedulerConfig.Riffusion);
        Assert.Throws<InvalidOperationException>(() => s.Step(new float[2], 981, new float[2]));
        s.SetTimesteps(50);
        Assert.Throws<ArgumentException>(() => s.Step(new float[3], 981, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.SetTimesteps(0));
    }
}
