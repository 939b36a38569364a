using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Diffusion.Noise;

/// <summary>
/// Draws the latent noise of one generation: the VAE's sampling noise of img2img, noise A from the start seed and
/// noise B from the end seed. The pipeline asks for the VAE noise whenever there is a seed image, whether or not the
/// model's encoder graph samples by itself, so noise A never depends on how the model was exported.
/// </summary>
public abstract class NoiseSource
{
    /// <summary>The engine's own generator (<see cref="GaussianNoise"/>): the same on every machine. The default.</summary>
    public static NoiseSource Portable { get; } = new PortableNoise();

    /// <summary>torch's CPU generator (<see cref="TorchCpuGenerator"/>, portable kernel) in Riffusion's structure.</summary>
    public static NoiseSource Riffusion { get; } = new RiffusionNoise(NoiseNames.Riffusion, TorchCpuKernel.Default);

    /// <summary>As <see cref="Riffusion"/> with torch's AVX2 kernel (x86 CPUs).</summary>
    public static NoiseSource RiffusionAvx2 { get; } = new RiffusionNoise(NoiseNames.RiffusionAvx2, TorchCpuKernel.Avx2);

    /// <summary>The protocol's name of this source (<see cref="NoiseNames"/>).</summary>
    public abstract string Name { get; }

    /// <summary>The source of a protocol name (case-insensitive); null or empty gives <see cref="Portable"/>.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="NoiseNames.All"/>.</exception>
    public static NoiseSource FromName(string? name)
    {
        string key = name?.Trim().ToLowerInvariant() ?? string.Empty;
        return key switch
        {
            "" or NoiseNames.Portable => Portable,
            NoiseNames.Riffusion => Riffusion,
            NoiseNames.RiffusionAvx2 => RiffusionAvx2,
            _ => throw new ArgumentException($"Unknown noise '{name}'; use one of: {string.Join(", ", NoiseNames.All)}."),
        };
    }

    /// <summary>
    /// Fills the three noise tensors (each N(0, 1), laid out as [1, 4, h, w]); <paramref name="vaeNoise"/> is empty for
    /// text-to-image. Returns the portable generator a scheduler that draws its own per-step noise (LCM) continues with.
    /// </summary>
    public abstract GaussianNoise Draw(long startSeed, long endSeed, Span<float> vaeNoise, Span<float> noiseA, Span<float> noiseB);

    /// <inheritdoc/>
    public override string ToString() => Name;

    // One stream per seed: the start stream samples the VAE latent first, then noise A.
    private sealed class PortableNoise : NoiseSource
    {
        public override string Name => NoiseNames.Portable;

        public override GaussianNoise Draw(long startSeed, long endSeed, Span<float> vaeNoise, Span<float> noiseA, Span<float> noiseB)
        {
            var start = new GaussianNoise(startSeed);
            start.Fill(vaeNoise);
            start.Fill(noiseA);
            new GaussianNoise(endSeed).Fill(noiseB);
            return start;
        }
    }

    // Riffusion seeds a fresh torch generator with the start seed for the VAE's sampling and another for noise A, so
    // the two are the same tensor; noise B comes from a generator seeded with the end seed.
    private sealed class RiffusionNoise(string name, TorchCpuKernel kernel) : NoiseSource
    {
        public override string Name => name;

        public override GaussianNoise Draw(long startSeed, long endSeed, Span<float> vaeNoise, Span<float> noiseA, Span<float> noiseB)
        {
            new TorchCpuGenerator(startSeed, kernel).Randn(vaeNoise);
            new TorchCpuGenerator(startSeed, kernel).Randn(noiseA);
            new TorchCpuGenerator(endSeed, kernel).Randn(noiseB);
            return new GaussianNoise(startSeed);
        }
    }
}
