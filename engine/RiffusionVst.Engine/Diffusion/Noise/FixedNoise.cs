namespace RiffusionVst.Engine.Diffusion.Noise;

/// <summary>
/// Noise given from outside (e.g. the tensors a reference implementation used), so a generation can be compared
/// with another implementation's given the very same noise. The seeds of the request are ignored.
/// </summary>
public sealed class FixedNoise : NoiseSource
{
    private readonly float[] _vaeNoise;
    private readonly float[] _noiseA;
    private readonly float[] _noiseB;

    /// <summary>The three tensors, each [1, 4, h, w] of the generation's latent size (the VAE one may be empty for text-to-image).</summary>
    public FixedNoise(float[] vaeNoise, float[] noiseA, float[] noiseB)
    {
        _vaeNoise = vaeNoise ?? throw new ArgumentNullException(nameof(vaeNoise));
        _noiseA = noiseA ?? throw new ArgumentNullException(nameof(noiseA));
        _noiseB = noiseB ?? throw new ArgumentNullException(nameof(noiseB));
        if (noiseA.Length != noiseB.Length || (vaeNoise.Length != 0 && vaeNoise.Length != noiseA.Length))
        {
            throw new ArgumentException($"The fixed noise tensors must have one size (got {vaeNoise.Length}, {noiseA.Length} and {noiseB.Length} values).");
        }
    }

    /// <inheritdoc/>
    public override string Name => "fixed";

    /// <inheritdoc/>
    public override GaussianNoise Draw(long startSeed, long endSeed, Span<float> vaeNoise, Span<float> noiseA, Span<float> noiseB)
    {
        if (noiseA.Length != _noiseA.Length || (vaeNoise.Length != 0 && vaeNoise.Length != _vaeNoise.Length))
        {
            throw new ArgumentException($"The fixed noise has {_noiseA.Length} values a tensor; this generation's latent has {noiseA.Length}.");
        }

        _vaeNoise.AsSpan(0, vaeNoise.Length).CopyTo(vaeNoise);
        _noiseA.CopyTo(noiseA);
        _noiseB.CopyTo(noiseB);
        return new GaussianNoise(startSeed);
    }
}
