namespace RiffusionVst.Engine.Diffusion.Graphs.Configs;

/// <summary>The fields of transformers' <c>CLIPTextConfig</c> the text encoder graph needs (defaults as in transformers 4.26).</summary>
internal sealed record ClipTextConfig
{
    /// <summary>Token table rows.</summary>
    public int VocabularySize { get; init; } = 49408;

    /// <summary>Width of every token's features (768 in SD 1.x).</summary>
    public int HiddenSize { get; init; } = 512;

    /// <summary>Width inside each MLP.</summary>
    public int IntermediateSize { get; init; } = 2048;

    /// <summary>Transformer layers.</summary>
    public int Layers { get; init; } = 12;

    /// <summary>Attention heads per layer.</summary>
    public int Heads { get; init; } = 8;

    /// <summary>Rows of the position table (77).</summary>
    public int MaxPositions { get; init; } = 77;

    /// <summary>"quick_gelu" (CLIP) or "gelu".</summary>
    public string HiddenAct { get; init; } = "quick_gelu";

    /// <summary>Layer norm epsilon.</summary>
    public double LayerNormEps { get; init; } = 1e-5;

    /// <summary>Reads a <c>config.json</c> of the text encoder.</summary>
    public static ClipTextConfig Parse(string json)
    {
        var r = ConfigReader.Parse(json, "text_encoder");
        var config = new ClipTextConfig
        {
            VocabularySize = r.Int("vocab_size", 49408),
            HiddenSize = r.Int("hidden_size", 512),
            IntermediateSize = r.Int("intermediate_size", 2048),
            Layers = r.Int("num_hidden_layers", 12),
            Heads = r.Int("num_attention_heads", 8),
            MaxPositions = r.Int("max_position_embeddings", 77),
            HiddenAct = r.String("hidden_act", "quick_gelu"),
            LayerNormEps = r.Double("layer_norm_eps", 1e-5),
        };
        config.Check(r);
        return config;
    }

    /// <summary>Rejects values the graph cannot be built from.</summary>
    public void Check(ConfigReader? r = null)
    {
        Func<string, GraphBuildException> error = r is null ? m => new GraphBuildException($"text_encoder config: {m}") : r.Error;
        if (HiddenSize < 1 || Heads < 1 || HiddenSize % Heads != 0)
        {
            throw error($"hidden_size {HiddenSize} must be a positive multiple of num_attention_heads {Heads}");
        }

        if (HiddenAct is not ("quick_gelu" or "gelu"))
        {
            throw error($"hidden_act '{HiddenAct}' is not supported; SD 1.x text encoders use quick_gelu");
        }

        if (Layers < 1 || IntermediateSize < 1 || VocabularySize < 1 || MaxPositions < 1)
        {
            throw error("num_hidden_layers, intermediate_size, vocab_size and max_position_embeddings must be positive");
        }
    }
}
