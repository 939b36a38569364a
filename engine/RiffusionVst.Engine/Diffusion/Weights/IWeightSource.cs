namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>
/// The named weight tensors of one model component (UNet, VAE or text encoder), in the engine's one internal
/// naming: the state-dict keys diffusers 0.9 and transformers 4.26 use for that component (for example
/// <c>down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight</c>), whatever file they came from.
/// </summary>
public interface IWeightSource : IDisposable
{
    /// <summary>Every tensor name this source holds.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>True when a tensor of that name is present.</summary>
    bool Contains(string name);

    /// <summary>The tensor of that name; throws <see cref="WeightFileException"/> naming it when it is missing.</summary>
    WeightTensor Get(string name);
}
