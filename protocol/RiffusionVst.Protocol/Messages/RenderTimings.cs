using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>How long each part of a render took, in milliseconds.</summary>
[MessagePackObject]
public sealed class RenderTimings
{
    /// <summary>Time spent waiting in the queue.</summary>
    [Key(0)] public double QueuedMs { get; set; }

    /// <summary>Prompt encoding and all diffusion steps.</summary>
    [Key(1)] public double DiffusionMs { get; set; }

    /// <summary>VAE decode to the spectrogram image.</summary>
    [Key(2)] public double DecodeMs { get; set; }

    /// <summary>Time fitting, inverse mel and phase reconstruction.</summary>
    [Key(3)] public double ReconstructionMs { get; set; }

    /// <summary>From the request's arrival to the loop being sent.</summary>
    [Key(4)] public double TotalMs { get; set; }
}
