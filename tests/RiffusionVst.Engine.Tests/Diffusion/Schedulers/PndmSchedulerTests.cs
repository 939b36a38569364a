using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

public class PndmSchedulerTests
{
    /// <summary>
    /// PNDM's transfer φ(x, ε, t → p) = √(ᾱ_p/ᾱ_t)·x − (ᾱ_p − ᾱ_t)·ε/(ᾱ_t√(1−ᾱ_p) + √(ᾱ_t(1−ᾱ_t)ᾱ_p)) equals
    /// the DDIM update √ᾱ_p·(x − √(1−ᾱ_t)ε)/√ᾱ_t + √(1−ᾱ_p)·ε (with u = √(1−ᾱ_p), w = √(ᾱ_p(1−ᾱ_t)/ᾱ_t):
    /// u − w = (u² − w²)/(u + w) = (ᾱ_t − ᾱ_p)/(ᾱ_t(u + w))), so the reference uses the DDIM form.
    /// </summary>
    private static double Transfer(double x, double eps, int t, int p)
    {
        double a = ReferenceSchedule.AlphaBar[t];
        double ap = p >= 0 ? ReferenceSchedule.AlphaBar[p] : ReferenceSchedule.AlphaBar[0];
        return Math.Sqrt(ap) * (x - Math.Sqrt(1 - a) * eps) / Math.Sqrt(a) + Math.Sqrt(1 - ap) * eps;
    }

    [Fact]
    public void Fifty_steps_begin_981_961_961_941()
    {
        var s = new PndmScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(50);
        Assert.Equal(51, s.Timesteps.Count);
        Assert.Equal(new[] { 981, 961, 961, 941, 921 }, s.Timesteps.Take(5));
        Assert.Equal(new[] { 41, 21, 1 }, s.Timesteps.Skip(48));
    }

    [Fact]
    public void Plms_steps_follow_the_linear_multistep_formulas()
    {
        // diffusers' PLMS: call 1 at 981 steps with ε₁ (981 → 961); call 2 at the repeated 961 redoes 981 → 961
        // from the first sample with (ε₁ + ε₂)/2 and does not store ε₂; then Adams–Bashforth on the stored
        // history [ε₁, ε₃, ε₄, …]: (3e₁ − e₂)/2, (23e₁ − 16e₂ + 5e₃)/12, (55e₁ − 59e₂ + 37e₃ − 9e₄)/24 (newest e₁).
        var s = new PndmScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(50);
        double[] e = [0, 0.3, -0.5, 0.8, 0.1, -0.2, 0.6];
        double x0 = 1.7;
        float[] x = [(float)x0];

        s.Step([(float)e[1]], 981, x);
        Assert.Equal(Transfer(x0, e[1], 981, 961), x[0], 5);

        s.Step([(float)e[2]], 961, x);
        double x2 = Transfer(x0, (e[1] + e[2]) / 2, 981, 961);
        Assert.Equal(x2, x[0], 5);

        s.Step([(float)e[3]], 961, x);
        double x3 = Transfer(x2, (3 * e[3] - e[1]) / 2, 961, 941);
        Assert.Equal(x3, x[0], 5);

        s.Step([(float)e[4]], 941, x);
        double x4 = Transfer(x3, (23 * e[4] - 16 * e[3] + 5 * e[1]) / 12, 941, 921);
        Assert.Equal(x4, x[0], 5);

        s.Step([(float)e[5]], 921, x);
        double x5 = Transfer(x4, (55 * e[5] - 59 * e[4] + 37 * e[3] - 9 * e[1]) / 24, 921, 901);
        Assert.Equal(x5, x[0], 5);

        s.Step([(float)e[6]], 901, x);
        double x6 = Transfer(x5, (55 * e[6] - 59 * e[5] + 37 * e[4] - 9 * e[3]) / 24, 901, 881);
        Assert.Equal(x6, x[0], 5);
    }

    [Fact]
    public void Exact_noise_as_model_output_recovers_the_clean_sample()
    {
        // The multistep weights each sum to 1, so a constant true ε stays exact, and the transfer with the true
        // ε is exact; with set_alpha_to_one the last step lands on x₀.
        var s = new PndmScheduler(SchedulerConfig.Riffusion with { SetAlphaToOne = true });
        s.SetTimesteps(25);
        float[] clean = [0.5f, -0.75f, 0.2f];
        float[] noise = [-1.2f, 0.3f, 0.9f];
        ExactNoiseRecovery.AssertRecovers(s, clean, noise);
    }

    [Fact]
    public void Set_timesteps_resets_the_history()
    {
        var a = new PndmScheduler(SchedulerConfig.Riffusion);
        a.SetTimesteps(10);
        float[] x = [1f];
        a.Step([0.5f], a.Timesteps[0], x);
        a.SetTimesteps(10);
        float[] y = [1f];
        a.Step([0.5f], a.Timesteps[0], y);
        Assert.Equal((float)Transfer(1, 0.5, 901, 801), y[0], 5);
    }
}
