namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>Reported after each denoising step.</summary>
/// <param name="Step">Steps finished so far (1 after the first).</param>
/// <param name="TotalSteps">Steps this generation runs.</param>
/// <param name="Timestep">The scheduler timestep of the step just finished.</param>
public readonly record struct DiffusionProgress(int Step, int TotalSteps, int Timestep);
