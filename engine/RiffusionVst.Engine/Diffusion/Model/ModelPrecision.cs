namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>The floating-point type of a graph's float inputs and outputs.</summary>
public enum ModelPrecision
{
    /// <summary>32-bit floats (the usual CPU export).</summary>
    Float32,

    /// <summary>16-bit floats (the usual GPU export); the runners convert to and from float on our side.</summary>
    Float16,
}
