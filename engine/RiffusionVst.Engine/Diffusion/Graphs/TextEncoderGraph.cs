using RiffusionVst.Engine.Diffusion.Graphs.Configs;
using RiffusionVst.Engine.Diffusion.Graphs.Onnx;

namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>
/// transformers 4.26's CLIPTextModel: token + position embeddings, pre-norm transformer layers with causal
/// self-attention and quick-GELU MLPs, final layer norm. Outputs <c>last_hidden_state</c> and <c>pooler_output</c>
/// (the features at each prompt's end token, the highest id).
/// </summary>
internal static class TextEncoderGraph
{
    /// <summary>Adds the whole text encoder to <paramref name="g"/>.</summary>
    public static void Build(GraphContext g, ClipTextConfig c, ExportConventions conventions)
    {
        const string P = "text_model";
        OnnxDimension batch = conventions.DynamicBatch ? "batch" : 1;
        long d = c.HiddenSize;
        g.Graph.AddInput("input_ids", conventions.Int64TokenIds ? OnnxDataType.Int64 : OnnxDataType.Int32, batch, "sequence_length");

        string length = g.Node("Slice", [g.Node("Shape", ["input_ids"]), g.Int64s(1), g.Int64s(2)]);
        string tokens = g.Node("Gather", [g.Weight($"{P}.embeddings.token_embedding.weight", [c.VocabularySize, d]), "input_ids"], OnnxAttribute.Int("axis", 0));
        string positions = g.Node("Slice", [g.Weight($"{P}.embeddings.position_embedding.weight", [c.MaxPositions, d]), g.Int64s(0), length, g.Int64s(0)]);
        string h = g.Node("Add", [tokens, positions]);

        // Additive causal mask in float32: position i sees positions ≤ i (transformers fills the rest with the type's minimum).
        var mask = new float[c.MaxPositions * c.MaxPositions];
        for (int i = 0; i < c.MaxPositions; i++)
        {
            for (int j = i + 1; j < c.MaxPositions; j++)
            {
                mask[i * c.MaxPositions + j] = float.MinValue;
            }
        }

        string fullMask = g.Float32Tensor("causal_mask", [c.MaxPositions, c.MaxPositions], mask);
        string ends = g.Node("Concat", [length, length], OnnxAttribute.Int("axis", 0));
        string causal = g.Node("Slice", [fullMask, g.Int64s(0, 0), ends]);

        int heads = c.Heads;
        long headDim = d / heads;
        for (int layer = 0; layer < c.Layers; layer++)
        {
            string p = $"{P}.encoder.layers.{layer}";
            string n1 = g.LayerNorm(h, $"{p}.layer_norm1", d, c.LayerNormEps);
            string q = g.Linear(n1, $"{p}.self_attn.q_proj", d, d);
            string k = g.Linear(n1, $"{p}.self_attn.k_proj", d, d);
            string v = g.Linear(n1, $"{p}.self_attn.v_proj", d, d);
            string attended = g.Attention(q, k, v, heads, headDim, 1f / MathF.Sqrt(headDim), causal);
            h = g.Node("Add", [h, g.Linear(attended, $"{p}.self_attn.out_proj", d, d)]);

            string n2 = g.LayerNorm(h, $"{p}.layer_norm2", d, c.LayerNormEps);
            string up = g.Linear(n2, $"{p}.mlp.fc1", d, c.IntermediateSize);
            string act = c.HiddenAct == "quick_gelu" ? g.QuickGelu(up) : g.Gelu(up);
            h = g.Node("Add", [h, g.Linear(act, $"{p}.mlp.fc2", c.IntermediateSize, d)]);
        }

        string last = g.LayerNorm(h, $"{P}.final_layer_norm", d, c.LayerNormEps);
        g.Graph.AddNode("Identity", [last], ["last_hidden_state"]);
        g.Graph.AddOutput("last_hidden_state", g.FloatType, batch, "sequence_length", d);

        // CLIP pools at the end-of-text token, the highest id of each prompt.
        string ids32 = g.Node("Cast", ["input_ids"], OnnxAttribute.Int("to", (int)OnnxDataType.Int32));
        string end = g.Node("ArgMax", [ids32], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
        g.Graph.AddNode("GatherND", [last, end], ["pooler_output"], OnnxAttribute.Int("batch_dims", 1));
        g.Graph.AddOutput("pooler_output", g.FloatType, batch, d);
    }
}
