using System.Runtime.InteropServices;
using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>
/// An in-memory weight source with seeded random float32 tensors for every name a config's graphs need, scaled so
/// activations keep about unit size: matrices and kernels uniform with variance 1/fan-in, norm scales near 1,
/// biases and embeddings small.
/// </summary>
internal sealed class RandomWeightSource : IWeightSource
{
    private static readonly string[] ResidualEnds =
    [
        "conv2.weight", "proj_attn.weight", "proj_out.weight", "to_out.0.weight", "ff.net.2.weight", "out_proj.weight", "fc2.weight",
    ];

    private readonly Dictionary<string, long[]> _shapes = new(StringComparer.Ordinal);
    private readonly int _seed;

    /// <summary>Offers every tensor of <paramref name="catalog"/>; each is drawn when asked for, from its own seeded stream.</summary>
    public RandomWeightSource(TensorCatalog catalog, int seed)
    {
        _seed = seed;
        foreach (var (name, shape) in catalog.Tensors)
        {
            _shapes.TryAdd(name, shape);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Names => _shapes.Keys;

    /// <inheritdoc/>
    public bool Contains(string name) => _shapes.ContainsKey(name);

    /// <summary>
    /// Draws the tensor now (nothing is kept, so a full-size model never sits in memory): the same name and seed
    /// always give the same values, whatever order tensors are asked for in.
    /// </summary>
    public WeightTensor Get(string name)
    {
        if (!_shapes.TryGetValue(name, out long[]? shape))
        {
            throw new WeightFileException($"random weights have no tensor '{name}'");
        }

        var random = new DeterministicRandom(_seed ^ StableHash(name));
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        float scale = Scale(name, shape);
        float offset = shape.Length == 1 && name.Contains("norm", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal) ? 1f : 0f;
        for (long i = 0; i < count; i++)
        {
            values[i] = offset + random.NextSigned() * scale;
        }

        return new WeightTensor(name, WeightDataType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    private static int StableHash(string name)
    {
        // FNV-1a: string.GetHashCode differs between processes.
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)hash;
    }

    private static float Scale(string name, long[] shape)
    {
        if (name.Contains("embedding.weight", StringComparison.Ordinal) && !name.Contains("time_embedding", StringComparison.Ordinal))
        {
            return 0.5f;
        }

        if (shape.Length == 1)
        {
            return 0.1f;
        }

        // Uniform on [−a, a] has variance a²/3: a = √(3 / fan-in) keeps a unit variance through the layer.
        // Layers that end a residual branch start small (×0.1), so each block is near the identity as in trained
        // networks and a pixel depends mostly on nearby latents, not on every one through random attention.
        long fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        float branchEnd = ResidualEnds.Any(e => name.EndsWith(e, StringComparison.Ordinal)) ? 0.1f : 1f;
        return branchEnd * MathF.Sqrt(3f / fanIn);
    }
}
