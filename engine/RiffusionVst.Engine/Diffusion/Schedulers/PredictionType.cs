namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>What the UNet predicts (diffusers' prediction_type).</summary>
public enum PredictionType
{
    /// <summary>The added noise ε ("epsilon"; SD 1.x and Riffusion).</summary>
    Epsilon,

    /// <summary>The velocity v = √ᾱ·ε − √(1−ᾱ)·x₀ ("v_prediction"; SD 2.x 768 models).</summary>
    VPrediction,
}
