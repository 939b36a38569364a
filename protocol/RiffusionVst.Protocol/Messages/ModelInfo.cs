using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>The diffusion model the engine has loaded.</summary>
[MessagePackObject]
public sealed class ModelInfo
{
    /// <summary>Model name or folder, e.g. "riffusion-model-v1".</summary>
    [Key(0)] public string Name { get; set; } = "";

    /// <summary>True for the generated tiny test model: its output is noise, not music.</summary>
    [Key(1)] public bool IsTiny { get; set; }

    /// <summary>Where inference runs, e.g. "cpu" or "cuda:0".</summary>
    [Key(2)] public string Device { get; set; } = "";
}
