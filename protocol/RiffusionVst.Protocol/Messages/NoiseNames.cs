namespace RiffusionVst.Protocol.Messages;

/// <summary>Noise generator names understood on the wire (lower case; compared without regard to case).</summary>
public static class NoiseNames
{
    /// <summary>The engine's own generator: the same seed gives the same loop on every machine (the default).</summary>
    public const string Portable = "portable";

    /// <summary>torch's CPU generator in Riffusion's structure: a seed gives the latents Riffusion's own code draws (torch's portable kernel, as on Apple machines).</summary>
    public const string Riffusion = "riffusion";

    /// <summary>As <see cref="Riffusion"/>, with the randn kernel torch takes on x86 CPUs with AVX2 (Riffusion on an Intel or AMD CPU).</summary>
    public const string RiffusionAvx2 = "riffusion-avx2";

    /// <summary>Every name above.</summary>
    public static IReadOnlyList<string> All { get; } = [Portable, Riffusion, RiffusionAvx2];
}
