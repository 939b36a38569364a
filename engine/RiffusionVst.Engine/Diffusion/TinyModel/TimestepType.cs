namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>The element type of the UNet's <c>timestep</c> input.</summary>
public enum TimestepType
{
    /// <summary>int64 timesteps.</summary>
    Int64,

    /// <summary>Float timesteps in the model's precision (float32, or float16 for an fp16 model).</summary>
    Float,
}
