namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>Element type of a stored weight tensor (what checkpoints of the SD 1.x family use).</summary>
public enum WeightDataType
{
    /// <summary>IEEE 754 single precision, 4 bytes.</summary>
    Float32,

    /// <summary>IEEE 754 half precision, 2 bytes.</summary>
    Float16,

    /// <summary>bfloat16 (the upper half of a float32), 2 bytes.</summary>
    BFloat16,
}
