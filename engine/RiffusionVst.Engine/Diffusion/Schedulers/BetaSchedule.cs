namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>How the training noise variances β₁…β_N grow (diffusers' beta_schedule).</summary>
public enum BetaSchedule
{
    /// <summary>β evenly spaced from beta_start to beta_end ("linear").</summary>
    Linear,

    /// <summary>√β evenly spaced, then squared ("scaled_linear"; Stable Diffusion and Riffusion).</summary>
    ScaledLinear,

    /// <summary>Cosine ᾱ(t) of Nichol and Dhariwal, β capped at 0.999 ("squaredcos_cap_v2").</summary>
    SquaredCosCapV2,
}
