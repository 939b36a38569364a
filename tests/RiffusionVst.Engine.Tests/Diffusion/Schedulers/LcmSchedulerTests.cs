using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

public class LcmSchedulerTests
{
    [Fact]
    public void Timesteps_come_from_the_distillation_grid()
    {
        // Grid 20k − 1 (k = 50 … 1) reversed; indices floor(i·50/steps): 4 steps → 0, 12, 25, 37; 8 steps → 0, 6, 12, 18, 25, 31, 37, 43.
        var s = new LcmScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(4);
        Assert.Equal(new[] { 999, 759, 499, 259 }, s.Timesteps);
        s.SetTimesteps(8);
        Assert.Equal(new[] { 999, 879, 759, 639, 499, 379, 259, 139 }, s.Timesteps);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.SetTimesteps(51));
    }

    [Fact]
    public void Single_step_returns_the_consistency_output()
    {
        // c_skip = σ_d²/((10t)² + σ_d²), c_out = 10t/√((10t)² + σ_d²), σ_d = 0.5; D = c_out·x̂₀ + c_skip·x.
        var s = new LcmScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(1);
        Assert.Equal(new[] { 999 }, s.Timesteps);
        double a = ReferenceSchedule.AlphaBar[999];
        double x = 1.5, eps = 0.8, st = 9990;
        double x0 = (x - Math.Sqrt(1 - a) * eps) / Math.Sqrt(a);
        double expected = st / Math.Sqrt(st * st + 0.25) * x0 + 0.25 / (st * st + 0.25) * x;
        float[] sample = [(float)x];
        s.Step([(float)eps], 999, sample);
        Assert.Equal(expected, sample[0], 4);
    }

    [Fact]
    public void Intermediate_steps_renoise_to_the_next_timestep_with_the_seeded_noise()
    {
        // x_next = √ᾱ_next·D + √(1 − ᾱ_next)·z with z the next draw of the noise passed to the step.
        var s = new LcmScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(4);
        double a = ReferenceSchedule.AlphaBar[999], an = ReferenceSchedule.AlphaBar[759];
        double x = -0.5, eps = 0.25, st = 9990;
        double x0 = (x - Math.Sqrt(1 - a) * eps) / Math.Sqrt(a);
        double d = st / Math.Sqrt(st * st + 0.25) * x0 + 0.25 / (st * st + 0.25) * x;
        double z = new GaussianNoise(5).NextGaussian();
        float[] sample = [(float)x];
        s.Step([(float)eps], 999, sample, new GaussianNoise(5));
        Assert.Equal(Math.Sqrt(an) * d + Math.Sqrt(1 - an) * z, sample[0], 4);
    }

    [Fact]
    public void An_intermediate_step_without_noise_is_refused_and_leaves_the_sample_alone()
    {
        var s = new LcmScheduler(SchedulerConfig.Riffusion);
        s.SetTimesteps(4);
        float[] sample = [0.5f];
        var e = Assert.Throws<ArgumentNullException>(() => s.Step([0.25f], 999, sample));
        Assert.Equal("noise", e.ParamName);
        Assert.Equal(0.5f, sample[0]);

        // The step was not taken: with noise, the same timestep runs now.
        s.Step([0.25f], 999, sample, new GaussianNoise(5));
        Assert.NotEqual(0.5f, sample[0]);
    }
}
