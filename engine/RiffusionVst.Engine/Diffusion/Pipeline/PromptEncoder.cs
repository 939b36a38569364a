using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Text;

namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>
/// Turns weighted prompts into text-encoder embeddings: chunks of 75 tokens encoded separately and
/// concatenated along the token axis, token rows scaled by their weights with the mean kept. Recent
/// prompts are cached, so rendering a grid of alpha values encodes each prompt once.
/// </summary>
public sealed class PromptEncoder
{
    /// <summary>Most 77-token chunks a prompt may use (as Riffusion's long-prompt weighting allows).</summary>
    public const int MaxChunks = 3;

    /// <summary>Most prompt tokens accepted: <see cref="MaxChunks"/> × 75.</summary>
    public const int MaxTokens = MaxChunks * ClipTokenizer.ChunkTokenCount;

    private const int CacheSize = 8;

    private readonly ClipTokenizer _tokenizer;
    private readonly TextEncoder _encoder;
    private readonly Dictionary<(string Prompt, int Chunks), float[]> _cache = [];

    /// <summary>An encoder over a tokenizer and a text-encoder runner.</summary>
    public PromptEncoder(ClipTokenizer tokenizer, TextEncoder encoder)
    {
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
    }

    /// <summary>Width D of each token's embedding.</summary>
    public int HiddenSize => _encoder.HiddenSize;

    /// <summary>The number of 77-token chunks <paramref name="prompt"/> needs; throws when it exceeds <see cref="MaxTokens"/>.</summary>
    public int ChunkCount(string prompt, string what = "prompt")
    {
        WeightedPromptTokens tokens = WeightedPromptTokens.Create(_tokenizer, prompt);
        if (tokens.ChunkCount > MaxChunks)
        {
            int count = PromptWeightParser.Parse(prompt).Sum(f => _tokenizer.EncodeWithoutSpecialTokens(f.Text).Count);
            throw new ArgumentException($"The {what} is too long: about {count} tokens, but at most {MaxTokens} ({MaxChunks} × 75) are allowed; shorten it.");
        }

        return tokens.ChunkCount;
    }

    /// <summary>
    /// The weighted embedding of <paramref name="prompt"/> padded to <paramref name="chunks"/> chunks:
    /// chunks·77·D floats, token-major. The returned array is shared with the cache; do not modify it.
    /// </summary>
    public float[] Encode(string prompt, int chunks)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (_cache.TryGetValue((prompt, chunks), out float[]? cached))
        {
            return cached;
        }

        WeightedPromptTokens tokens = WeightedPromptTokens.Create(_tokenizer, prompt);
        if (chunks < tokens.ChunkCount || chunks > MaxChunks)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), chunks, $"The prompt needs {tokens.ChunkCount} chunks; ask for between that and {MaxChunks}.");
        }

        tokens = tokens.PadToChunkCount(chunks, _tokenizer);
        int sequence = ClipTokenizer.SequenceLength;
        var ids = new int[chunks * sequence];
        var weights = new float[chunks * sequence];
        for (int c = 0; c < chunks; c++)
        {
            tokens.ChunkIds[c].CopyTo(ids, c * sequence);
            tokens.ChunkWeights[c].CopyTo(weights, c * sequence);
        }

        var embedding = new float[ids.Length * HiddenSize];
        _encoder.Encode(ids, embedding);
        PromptEmbeddingWeighting.Apply(embedding, weights, HiddenSize);
        if (_cache.Count >= CacheSize)
        {
            _cache.Clear();
        }

        _cache[(prompt, chunks)] = embedding;
        return embedding;
    }
}
