using RiffusionVst.Engine.Diffusion.Text;

namespace RiffusionVst.Engine.Tests.Diffusion.Text;

public class WeightedPromptTokensTests
{
    [Fact]
    public void Weights_are_aligned_with_the_token_ids()
    {
        var tokenizer = ClipTokenizerTests.CreateSmallTokenizer();
        var tokens = WeightedPromptTokens.Create(tokenizer, "a (photo:1.5) of a [fox]");

        Assert.Equal(1, tokens.ChunkCount);
        Assert.Equal(tokenizer.Encode("a photo of a fox"), tokens.ChunkIds[0]);
        float[] w = tokens.ChunkWeights[0];
        Assert.Equal(77, w.Length);
        Assert.Equal(new[] { 1f, 1f, 1.5f, 1f, 1f, (float)(1 / 1.1), 1f }, w[..7]);
        Assert.All(w[7..], x => Assert.Equal(1f, x));
    }

    [Fact]
    public void Long_weighted_prompts_chunk_with_their_weights()
    {
        var tokenizer = ClipTokenizerTests.CreateSmallTokenizer();
        string prompt = string.Join(' ', Enumerable.Repeat("a", 74)) + " (fox fox:2)";
        var tokens = WeightedPromptTokens.Create(tokenizer, prompt);

        Assert.Equal(2, tokens.ChunkCount);
        Assert.Equal(3240, tokens.ChunkIds[0][75]);
        Assert.Equal(2f, tokens.ChunkWeights[0][75]);
        Assert.Equal(1f, tokens.ChunkWeights[0][76]);
        Assert.Equal(3240, tokens.ChunkIds[1][1]);
        Assert.Equal(2f, tokens.ChunkWeights[1][1]);
        Assert.Equal(1f, tokens.ChunkWeights[1][2]);
    }

    [Fact]
    public void Padding_to_more_chunks_adds_empty_chunks()
    {
        var tokenizer = ClipTokenizerTests.CreateSmallTokenizer();
        var padded = WeightedPromptTokens.Create(tokenizer, "").PadToChunkCount(3, tokenizer);

        Assert.Equal(3, padded.ChunkCount);
        foreach (int[] chunk in padded.ChunkIds)
        {
            Assert.Equal(tokenizer.Encode(""), chunk);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => padded.PadToChunkCount(2, tokenizer));
    }
}
