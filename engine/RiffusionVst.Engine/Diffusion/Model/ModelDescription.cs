using Microsoft.ML.OnnxRuntime.Tensors;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>What a model folder holds and which conventions its export uses, all read from session metadata.</summary>
public sealed record ModelDescription
{
    /// <summary>The model folder (full path).</summary>
    public required string FolderPath { get; init; }

    /// <summary>The four graphs, in pipeline order: text encoder, UNet, VAE encoder, VAE decoder.</summary>
    public required IReadOnlyList<ModelComponentDescription> Components { get; init; }

    /// <summary>Float type of the UNet's <c>sample</c> (Float or Float16).</summary>
    public required TensorElementType FloatType { get; init; }

    /// <summary>Integer type of <c>input_ids</c> (Int32 or Int64).</summary>
    public required TensorElementType TokenIdType { get; init; }

    /// <summary>Element type of the UNet's <c>timestep</c>.</summary>
    public required TensorElementType TimestepType { get; init; }

    /// <summary>0 for a scalar timestep, 1 for one timestep per batch item.</summary>
    public required int TimestepRank { get; init; }

    /// <summary>True when the UNet accepts any batch size (classifier-free guidance in one call).</summary>
    public required bool DynamicBatch { get; init; }

    /// <summary>What the VAE encoder returns.</summary>
    public required VaeEncoderOutputKind VaeEncoderOutput { get; init; }

    /// <summary>Width of the text features (768 for Riffusion).</summary>
    public required int TextHiddenSize { get; init; }

    /// <summary>The execution provider the sessions run on.</summary>
    public required ExecutionProviderSelection Provider { get; init; }

    /// <summary>True when the folder is the tiny model this engine generates (random weights).</summary>
    public required bool IsTinyModel { get; init; }

    /// <summary>The description of one component by name.</summary>
    public ModelComponentDescription Component(string name) =>
        Components.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"No component named '{name}'; the components are {string.Join(", ", Components.Select(c => c.Name))}.", nameof(name));
}
