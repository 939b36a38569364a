using System.Numerics;

namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>The guidance combination of the two UNet predictions (the only arithmetic the pipeline does per step besides copies).</summary>
internal static class ClassifierFreeGuidance
{
    /// <summary>Classifier-free guidance ε = ε_u + g(ε_c − ε_u), vectorised (the same float operations in every lane, so results do not depend on the vector width).</summary>
    public static void Combine(ReadOnlySpan<float> unconditional, ReadOnlySpan<float> conditional, float g, Span<float> guided)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var scale = new Vector<float>(g);
            for (; i <= guided.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var u = new Vector<float>(unconditional[i..]);
                var c = new Vector<float>(conditional[i..]);
                (u + scale * (c - u)).CopyTo(guided[i..]);
            }
        }

        for (; i < guided.Length; i++)
        {
            guided[i] = unconditional[i] + g * (conditional[i] - unconditional[i]);
        }
    }
}
