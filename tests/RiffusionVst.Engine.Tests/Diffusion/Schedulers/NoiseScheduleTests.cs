using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

public class NoiseScheduleTests
{
    [Fact]
    public void Stable_diffusion_schedule_has_its_known_end_points()
    {
        var schedule = new NoiseSchedule(SchedulerConfig.Riffusion);

        // ᾱ₀ = 1 − β₀ = 1 − 0.00085.
        Assert.Equal(0.99915, schedule.AlphaCumprod(0), 12);
        // k-diffusion's σ range for SD 1.x: σ_max ≈ 14.6146, σ_min ≈ 0.0292.
        Assert.Equal(14.6146, schedule.Sigma(999), 3);
        Assert.Equal(0.0292, schedule.Sigma(0), 4);
        for (int t = 0; t < 1000; t++)
        {
            Assert.Equal(ReferenceSchedule.AlphaBar[t], schedule.AlphaCumprod(t), 12);
        }
    }

    [Fact]
    public void Linear_betas_are_evenly_spaced()
    {
        var schedule = new NoiseSchedule(new SchedulerConfig { BetaSchedule = BetaSchedule.Linear, BetaStart = 0.0001, BetaEnd = 0.02, NumTrainTimesteps = 1000 });
        Assert.Equal(0.0001, schedule.Betas[0], 15);
        Assert.Equal(0.02, schedule.Betas[999], 15);
        Assert.Equal(0.0001 + 0.0199 * 500 / 999, schedule.Betas[500], 15);
    }

    [Fact]
    public void Cosine_schedule_follows_the_cosine_alpha_bar()
    {
        // ᾱ(t) = f(t)/f(0) with f(t) = cos²((t/N + 0.008)/1.008 · π/2), as long as no β hits the 0.999 cap.
        var schedule = new NoiseSchedule(new SchedulerConfig { BetaSchedule = BetaSchedule.SquaredCosCapV2 });
        static double F(double x) => Math.Pow(Math.Cos((x + 0.008) / 1.008 * Math.PI / 2), 2);
        Assert.Equal(F(500.0 / 1000) / F(0), schedule.AlphaCumprod(499), 9);
    }
}
