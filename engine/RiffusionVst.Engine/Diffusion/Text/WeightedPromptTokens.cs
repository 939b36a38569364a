namespace RiffusionVst.Engine.Diffusion.Text;

/// <summary>
/// A prompt tokenised into 77-id chunks with one weight per id (BOS, EOS and padding weigh 1), ready for
/// the text encoder; the pipeline encodes each chunk and concatenates the embeddings along the token axis.
/// </summary>
public sealed class WeightedPromptTokens
{
    private WeightedPromptTokens(int[][] chunkIds, float[][] chunkWeights)
    {
        ChunkIds = chunkIds;
        ChunkWeights = chunkWeights;
    }

    /// <summary>Token ids, one array of 77 per chunk.</summary>
    public IReadOnlyList<int[]> ChunkIds { get; }

    /// <summary>Per-token weights aligned with <see cref="ChunkIds"/>.</summary>
    public IReadOnlyList<float[]> ChunkWeights { get; }

    /// <summary>Number of 77-token chunks.</summary>
    public int ChunkCount => ChunkIds.Count;

    /// <summary>Parses the weighting syntax, tokenises each fragment and aligns the weights with the ids.</summary>
    public static WeightedPromptTokens Create(ClipTokenizer tokenizer, string prompt)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompt);

        var ids = new List<int>();
        var weights = new List<float>();
        foreach (PromptFragment fragment in PromptWeightParser.Parse(prompt))
        {
            IReadOnlyList<int> fragmentIds = tokenizer.EncodeWithoutSpecialTokens(fragment.Text);
            ids.AddRange(fragmentIds);
            for (int i = 0; i < fragmentIds.Count; i++)
            {
                weights.Add(fragment.Weight);
            }
        }

        int[][] chunkIds = tokenizer.ChunkIds(ids);
        var chunkWeights = new float[chunkIds.Length][];
        for (int c = 0; c < chunkIds.Length; c++)
        {
            var w = new float[ClipTokenizer.SequenceLength];
            Array.Fill(w, 1f);
            int start = c * ClipTokenizer.ChunkTokenCount;
            int count = Math.Min(ClipTokenizer.ChunkTokenCount, weights.Count - start);
            for (int i = 0; i < count; i++)
            {
                w[1 + i] = weights[start + i];
            }

            chunkWeights[c] = w;
        }

        return new WeightedPromptTokens(chunkIds, chunkWeights);
    }

    /// <summary>
    /// This prompt with empty chunks (BOS, EOS, padding; weight 1) appended up to <paramref name="chunkCount"/>,
    /// so a prompt and its negative prompt give embeddings of the same length.
    /// </summary>
    public WeightedPromptTokens PadToChunkCount(int chunkCount, ClipTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (chunkCount < ChunkCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(chunkCount), chunkCount, $"The prompt already has {ChunkCount} chunks; chunks are never dropped.");
        }

        var ids = ChunkIds.ToList();
        var weights = ChunkWeights.ToList();
        while (ids.Count < chunkCount)
        {
            ids.Add(tokenizer.ChunkIds(Array.Empty<int>())[0]);
            var w = new float[ClipTokenizer.SequenceLength];
            Array.Fill(w, 1f);
            weights.Add(w);
        }

        return new WeightedPromptTokens(ids.ToArray(), weights.ToArray());
    }
}
