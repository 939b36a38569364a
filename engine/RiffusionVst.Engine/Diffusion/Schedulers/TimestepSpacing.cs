namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>How inference timesteps are picked from the training steps (diffusers' timestep_spacing).</summary>
public enum TimestepSpacing
{
    /// <summary>Multiples of N / steps from 0, plus steps_offset ("leading").</summary>
    Leading,

    /// <summary>Multiples of N / steps counted down from N, minus one ("trailing").</summary>
    Trailing,

    /// <summary>Evenly spaced from 0 to N − 1, rounded ("linspace").</summary>
    Linspace,
}
