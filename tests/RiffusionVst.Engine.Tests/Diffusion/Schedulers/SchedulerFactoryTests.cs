using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

public class SchedulerFactoryTests
{
    [Theory]
    [InlineData("pndm", typeof(PndmScheduler))]
    [InlineData("DDIM", typeof(DdimScheduler))]
    [InlineData("dpmpp2m", typeof(DpmSolverMultistepScheduler))]
    [InlineData("euler", typeof(EulerDiscreteScheduler))]
    [InlineData("lcm", typeof(LcmScheduler))]
    public void Names_create_their_schedulers(string name, Type type)
    {
        IScheduler s = SchedulerFactory.Create(name, SchedulerConfig.Riffusion);
        Assert.IsType(type, s);
        Assert.Equal(name.ToLowerInvariant(), s.Name);
    }

    [Fact]
    public void Unknown_names_list_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => SchedulerFactory.Create("heun", SchedulerConfig.Riffusion));
        Assert.Contains("dpmpp2m", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_follows_the_class_name()
    {
        Assert.IsType<PndmScheduler>(SchedulerFactory.CreateDefault(SchedulerConfig.Riffusion));
        Assert.IsType<EulerDiscreteScheduler>(SchedulerFactory.CreateDefault(SchedulerConfig.Riffusion with { ClassName = "EulerDiscreteScheduler" }));
    }

    [Theory]
    [InlineData("pndm")]
    [InlineData("ddim")]
    [InlineData("dpmpp2m")]
    [InlineData("euler")]
    public void Deterministic_schedulers_step_alike_with_or_without_noise_and_never_draw_from_it(string name)
    {
        float[] Run(GaussianNoise? noise)
        {
            IScheduler s = SchedulerFactory.Create(name, SchedulerConfig.Riffusion);
            s.SetTimesteps(4);
            float[] sample = [0.5f, -1.25f];
            foreach (int t in s.Timesteps)
            {
                s.Step([0.25f, 0.75f], t, sample, noise);
            }

            return sample;
        }

        var noise = new GaussianNoise(5);
        Assert.Equal(Run(null), Run(noise));
        Assert.Equal(new GaussianNoise(5).NextGaussian(), noise.NextGaussian());
    }
}
