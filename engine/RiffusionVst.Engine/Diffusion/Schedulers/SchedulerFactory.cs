using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>Creates schedulers by short name, or by the diffusers class a model was saved with.</summary>
public static class SchedulerFactory
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["pndm", "ddim", "dpmpp2m", "euler", "lcm"];

    /// <summary>Creates the scheduler called <paramref name="name"/> (pndm, ddim, dpmpp2m, euler, lcm; case-insensitive).</summary>
    public static IScheduler Create(string name, SchedulerConfig config, GaussianNoise? lcmNoise = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(config);
        return name.Trim().ToLowerInvariant() switch
        {
            "pndm" or "plms" => new PndmScheduler(config),
            "ddim" => new DdimScheduler(config),
            "dpmpp2m" or "dpm++2m" or "dpmsolver++" => new DpmSolverMultistepScheduler(config),
            "euler" => new EulerDiscreteScheduler(config),
            "lcm" => new LcmScheduler(config, lcmNoise),
            _ => throw new ArgumentException(
                $"Unknown scheduler '{name}'; choose one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The scheduler named by the config's _class_name (PNDM when absent or unknown, as Riffusion uses).</summary>
    public static IScheduler CreateDefault(SchedulerConfig config, GaussianNoise? lcmNoise = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        string name = config.ClassName switch
        {
            "DDIMScheduler" => "ddim",
            "DPMSolverMultistepScheduler" => "dpmpp2m",
            "EulerDiscreteScheduler" => "euler",
            "LCMScheduler" => "lcm",
            _ => "pndm",
        };
        return Create(name, config, lcmNoise);
    }
}
