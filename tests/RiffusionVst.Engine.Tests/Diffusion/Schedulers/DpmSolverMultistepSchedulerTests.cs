using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

public class DpmSolverMultistepSchedulerTests
{
    // In ᾱ terms: α_t = √ᾱ_t, σ_t = √(1 − ᾱ_t), λ_t = ln(α_t/σ_t) (Lu et al., DPM-Solver++).
    private static double Alpha(int t) => Math.Sqrt(ReferenceSchedule.AlphaBar[t]);

    private static double Sigma(int t) => Math.Sqrt(1 - ReferenceSchedule.AlphaBar[t]);

    private static double Lambda(int t) => Math.Log(Alpha(t) / Sigma(t));

    [Fact]
    public void Linspace_timesteps_drop_the_last_of_steps_plus_one_points()
    {
        // round(999·k/10) for k = 10 … 1: 999, 899.1, …, 499.5 → 500 (half to even), …, 99.9 → 100.
        var s = new DpmSolverMultistepScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(10);
        Assert.Equal(new[] { 999, 899, 799, 699, 599, 500, 400, 300, 200, 100 }, s.Timesteps);
    }

    [Fact]
    public void Leading_timesteps()
    {
        // step ratio 1000 // 11 = 90: 90·k + 1 for k = 10 … 1.
        var s = new DpmSolverMultistepScheduler(SchedulerConfig.Riffusion with { TimestepSpacing = TimestepSpacing.Leading });
        s.SetTimesteps(10);
        Assert.Equal(Enumerable.Range(1, 10).Reverse().Select(k => 90 * k + 1), s.Timesteps);
    }

    [Fact]
    public void First_step_is_first_order_and_second_is_the_2m_update()
    {
        var s = new DpmSolverMultistepScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(10);
        double x = 2.0, e1 = 0.3, e2 = -0.4;

        // First order: D = (x − σ_s·ε)/α_s, h = λ_t − λ_s, x' = (σ_t/σ_s)·x − α_t·(e^{−h} − 1)·D.
        double d0 = (x - Sigma(999) * e1) / Alpha(999);
        double h = Lambda(899) - Lambda(999);
        double x1 = Sigma(899) / Sigma(999) * x - Alpha(899) * (Math.Exp(-h) - 1) * d0;
        float[] sample = [(float)x];
        s.Step([(float)e1], 999, sample);
        Assert.Equal(x1, sample[0], 5);

        // Second order (midpoint): r = h_prev/h, D₁ = (D_new − D_old)/r,
        // x'' = (σ_t/σ_s)·x' − α_t(e^{−h} − 1)·D_new − ½·α_t(e^{−h} − 1)·D₁.
        double dNew = (sample[0] - Sigma(899) * e2) / Alpha(899);
        double h2 = Lambda(799) - Lambda(899);
        double r = (Lambda(899) - Lambda(999)) / h2;
        double d1 = (dNew - d0) / r;
        double phi = Alpha(799) * (Math.Exp(-h2) - 1);
        double x2 = Sigma(799) / Sigma(899) * sample[0] - phi * dNew - 0.5 * phi * d1;
        s.Step([(float)e2], 899, sample);
        Assert.Equal(x2, sample[0], 5);
    }

    [Fact]
    public void Last_step_returns_the_predicted_clean_sample()
    {
        var s = new DpmSolverMultistepScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(2);
        float[] x = [1f];
        s.Step([0.2f], s.Timesteps[0], x);
        double before = x[0];
        int last = s.Timesteps[1];
        s.Step([0.7f], last, x);
        Assert.Equal((before - Sigma(last) * 0.7) / Alpha(last), x[0], 5);
    }

    [Fact]
    public void Exact_noise_as_model_output_recovers_the_clean_sample()
    {
        // With the true ε, D = x₀ at every step (so D₁ = 0) and the first-order update maps α_s·x₀ + σ_s·ε to
        // α_t·x₀ + σ_t·ε exactly, because e^{−h} = α_s·σ_t/(σ_s·α_t); the last step returns D = x₀.
        var s = new DpmSolverMultistepScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(20);
        float[] clean = [0.4f, -0.9f, 1.2f];
        float[] noise = [0.5f, 1.5f, -0.7f];
        ExactNoiseRecovery.AssertRecovers(s, clean, noise);
    }
}
