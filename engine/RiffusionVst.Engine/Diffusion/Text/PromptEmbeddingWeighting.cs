namespace RiffusionVst.Engine.Diffusion.Text;

/// <summary>Applies per-token prompt weights to text-encoder output, as the Riffusion and "long prompt weighting" pipelines do.</summary>
public static class PromptEmbeddingWeighting
{
    /// <summary>
    /// Scales each token's embedding row (a [tokens × dimension] block, row-major) by its weight, then
    /// multiplies the whole block so its mean equals the mean before weighting. If the weighted mean is
    /// zero the rescale is skipped (it would divide by zero).
    /// </summary>
    public static void Apply(Span<float> embeddings, ReadOnlySpan<float> weights, int dimension)
    {
        if (dimension <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The embedding dimension must be positive (768 for SD 1.x).");
        }

        if (embeddings.Length != weights.Length * dimension)
        {
            throw new ArgumentException(
                $"Embeddings hold {embeddings.Length} values, but {weights.Length} weights × dimension {dimension} = {weights.Length * dimension}; pass one weight per token row.");
        }

        double before = 0;
        for (int i = 0; i < embeddings.Length; i++)
        {
            before += embeddings[i];
        }

        double after = 0;
        for (int t = 0; t < weights.Length; t++)
        {
            Span<float> row = embeddings.Slice(t * dimension, dimension);
            float w = weights[t];
            for (int d = 0; d < row.Length; d++)
            {
                row[d] *= w;
                after += row[d];
            }
        }

        // Means share the element count, so the ratio of sums is the ratio of means.
        if (after == 0 || !double.IsFinite(before / after))
        {
            return;
        }

        float scale = (float)(before / after);
        for (int i = 0; i < embeddings.Length; i++)
        {
            embeddings[i] *= scale;
        }
    }
}
