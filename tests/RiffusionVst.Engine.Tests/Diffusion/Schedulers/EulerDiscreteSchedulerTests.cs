using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

public class EulerDiscreteSchedulerTests
{
    // σ_t = √((1 − ᾱ_t)/ᾱ_t) from the reference ᾱ.
    private static readonly SchedulerConfig Linspace = SchedulerConfig.Riffusion with { TimestepSpacing = TimestepSpacing.Linspace };

    [Fact]
    public void Linspace_timesteps_sigmas_and_initial_sigma()
    {
        var s = new EulerDiscreteScheduler(Linspace);
        s.SetTimesteps(10);
        Assert.Equal(new[] { 999, 888, 777, 666, 555, 444, 333, 222, 111, 0 }, s.Timesteps);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(ReferenceSchedule.Sigma(s.Timesteps[i]), s.Sigmas[i], 9);
        }

        Assert.Equal(0, s.Sigmas[10]);
        // linspace/trailing start at σ_max (≈ 14.6146 for SD).
        Assert.Equal(ReferenceSchedule.Sigma(999), s.InitNoiseSigma, 4);
    }

    [Fact]
    public void Leading_spacing_starts_at_sqrt_sigma_squared_plus_one()
    {
        var s = new EulerDiscreteScheduler(SchedulerConfig.Riffusion with { TimestepSpacing = TimestepSpacing.Leading });
        s.SetTimesteps(50);
        Assert.Equal(981, s.Timesteps[0]);
        double sigma = ReferenceSchedule.Sigma(981);
        Assert.Equal(Math.Sqrt(sigma * sigma + 1), s.InitNoiseSigma, 4);
    }

    [Fact]
    public void Model_input_is_divided_by_sqrt_sigma_squared_plus_one()
    {
        var s = new EulerDiscreteScheduler(Linspace);
        s.SetTimesteps(10);
        float[] x = [3f, -6f];
        s.ScaleModelInput(x, 555);
        double sigma = ReferenceSchedule.Sigma(555);
        Assert.Equal(3 / Math.Sqrt(sigma * sigma + 1), x[0], 5);
        Assert.Equal(-6 / Math.Sqrt(sigma * sigma + 1), x[1], 5);
    }

    [Fact]
    public void Step_is_an_euler_step_in_sigma()
    {
        // x̂₀ = x − σε, d = (x − x̂₀)/σ = ε, x_next = x + d·(σ_next − σ).
        var s = new EulerDiscreteScheduler(Linspace);
        s.SetTimesteps(10);
        float[] x = [5f];
        s.Step([0.4f], 999, x);
        Assert.Equal(5 + 0.4 * (ReferenceSchedule.Sigma(888) - ReferenceSchedule.Sigma(999)), x[0], 4);
    }

    [Fact]
    public void V_prediction_step()
    {
        // v-prediction in σ form: x̂₀ = x/(σ²+1) − v·σ/√(σ²+1). With x = x₀ + σε and v built from the scaled input
        // x/√(σ²+1) = √ᾱ·x₀ + √(1−ᾱ)·ε: v = √ᾱ·ε − √(1−ᾱ)·x₀, so x̂₀ = x₀ and x_next = x₀ + σ_next·ε.
        var s = new EulerDiscreteScheduler(Linspace with { PredictionType = PredictionType.VPrediction });
        s.SetTimesteps(10);
        double a = ReferenceSchedule.AlphaBar[777], sigma = ReferenceSchedule.Sigma(777);
        double clean = -0.6, noise = 1.1;
        float[] x = [(float)(clean + sigma * noise)];
        double v = Math.Sqrt(a) * noise - Math.Sqrt(1 - a) * clean;
        s.Step([(float)v], 777, x);
        Assert.Equal(clean + ReferenceSchedule.Sigma(666) * noise, x[0], 3);
    }

    [Fact]
    public void Exact_noise_as_model_output_recovers_the_clean_sample()
    {
        // x = x₀ + σε and model ε give x̂₀ = x₀ exactly, so each step lands on x₀ + σ_next·ε; σ after the last step is 0.
        var s = new EulerDiscreteScheduler(Linspace);
        s.SetTimesteps(15);
        float[] clean = [0.25f, -1f, 0.6f];
        float[] noise = [0.9f, 0.2f, -1.4f];
        float[] start = ExactNoiseRecovery.AssertRecovers(s, clean, noise);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(clean[i] + s.Sigmas[0] * noise[i], start[i], 4);
        }
    }

    [Fact]
    public void Unknown_timestep_is_rejected()
    {
        var s = new EulerDiscreteScheduler(Linspace);
        s.SetTimesteps(10);
        Assert.Throws<ArgumentException>(() => s.Step([0f], 500, new float[1]));
    }
}
