using BenchmarkDotNet.Attributes;
using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>Seeded noise for one Riffusion latent (4 × 64 × 64) and a slerp between two of them.</summary>
public class GaussianNoiseBenchmarks
{
    private const int LatentSize = 4 * 64 * 64;
    private readonly float[] _a = new float[LatentSize];
    private readonly float[] _b = GaussianNoise.Create(3, LatentSize);
    private readonly float[] _out = new float[LatentSize];

    [Benchmark]
    public void FillLatent() => new GaussianNoise(42).Fill(_a);

    [Benchmark]
    public void SlerpLatents() => Slerp.Interpolate(0.5, _a, _b, _out);
}
