using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>Creates schedulers by short name, or by the diffusers class a model was saved with.</summary>
public static class SchedulerFactory
{
    /// <summary>The names <see cref="Create"/> accepts: the protocol's list, which names exactly the schedulers implemented here.</summary>
    public static IReadOnlyList<string> Names => SchedulerNames.All;

    /// <summary>Creates the scheduler called <paramref name="name"/> (one of <see cref="SchedulerNames.All"/>; case-insensitive).</summary>
    public static IScheduler Create(string name, SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(config);
        return SchedulerNames.Find(name) switch
        {
            SchedulerNames.Pndm => new PndmScheduler(config),
            SchedulerNames.Ddim => new DdimScheduler(config),
            SchedulerNames.DpmSolverMultistep => new DpmSolverMultistepScheduler(config),
            SchedulerNames.Euler => new EulerDiscreteScheduler(config),
            SchedulerNames.Lcm => new LcmScheduler(config),
            _ => throw new ArgumentException(
                $"Unknown scheduler '{name}'; choose one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The scheduler named by the config's _class_name (PNDM when absent or unknown, as Riffusion uses).</summary>
    public static IScheduler CreateDefault(SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string name = config.ClassName switch
        {
            "DDIMScheduler" => SchedulerNames.Ddim,
            "DPMSolverMultistepScheduler" => SchedulerNames.DpmSolverMultistep,
            "EulerDiscreteScheduler" => SchedulerNames.Euler,
            "LCMScheduler" => SchedulerNames.Lcm,
            _ => SchedulerNames.Pndm,
        };
        return Create(name, config);
    }
}
