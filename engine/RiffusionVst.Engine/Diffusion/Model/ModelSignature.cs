using Microsoft.ML.OnnxRuntime.Tensors;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// Checks the four graphs' inputs and outputs against what the pipeline needs and derives the export's
/// conventions from them. Every failure names the file, what was expected and what was found.
/// </summary>
internal sealed record ModelSignature(
    TensorElementType FloatType,
    TensorElementType TokenIdType,
    TensorElementType TimestepType,
    int TimestepRank,
    bool DynamicBatch,
    VaeEncoderOutputKind VaeEncoderOutput,
    int TextHiddenSize)
{
    private static readonly TensorElementType[] Floats = [TensorElementType.Float, TensorElementType.Float16];
    private static readonly TensorElementType[] Integers = [TensorElementType.Int32, TensorElementType.Int64];
    private static readonly TensorElementType[] Timesteps = [TensorElementType.Int64, TensorElementType.Int32, TensorElementType.Float, TensorElementType.Float16];

    /// <summary>Validates the text encoder, UNet, VAE encoder and VAE decoder descriptions.</summary>
    public static ModelSignature Validate(
        ModelComponentDescription textEncoder,
        ModelComponentDescription unet,
        ModelComponentDescription vaeEncoder,
        ModelComponentDescription vaeDecoder)
    {
        TensorDescription ids = Require(textEncoder, textEncoder.Inputs, "input", "input_ids", Integers, 2, null, "[batch, 77] int32 or int64");
        if (!ids.IsDynamic(1) && ids.Dimensions[1] != ModelFolder.SequenceLength)
        {
            throw Mismatch(textEncoder, "input 'input_ids'", $"[batch, {ModelFolder.SequenceLength}]", ids);
        }

        TensorDescription hidden = Require(textEncoder, textEncoder.Outputs, "output", "last_hidden_state", Floats, 3, null, "[batch, 77, hidden size] float32 or float16");
        if (hidden.IsDynamic(2))
        {
            throw Mismatch(textEncoder, "output 'last_hidden_state'", "[batch, 77, hidden size] with a fixed hidden size (768 for Riffusion)", hidden);
        }

        int hiddenSize = (int)hidden.Dimensions[2];
        RejectUnknownInputs(textEncoder, "input_ids");

        TensorDescription sample = Require(unet, unet.Inputs, "input", "sample", Floats, 4, 4, "[batch, 4, height, width] float32 or float16");
        TensorDescription timestep = Require(unet, unet.Inputs, "input", "timestep", Timesteps, null, null, "a scalar or [batch] int64 or float");
        if (timestep.Rank > 1)
        {
            throw Mismatch(unet, "input 'timestep'", "a scalar or [batch]", timestep);
        }

        TensorDescription text = Require(unet, unet.Inputs, "input", "encoder_hidden_states", Floats, 3, null, $"[batch, 77, {hiddenSize}] float32 or float16");
        if (!text.IsDynamic(2) && text.Dimensions[2] != hiddenSize)
        {
            throw Mismatch(unet, "input 'encoder_hidden_states'", $"[batch, 77, {hiddenSize}] to match text_encoder/model.onnx's last_hidden_state", text);
        }

        Require(unet, unet.Outputs, "output", "out_sample", Floats, 4, 4, "[batch, 4, height, width] float32 or float16");
        if (!sample.IsDynamic(0) && sample.Dimensions[0] != 1 && sample.Dimensions[0] != 2)
        {
            throw Mismatch(unet, "input 'sample'", "a dynamic batch or a fixed batch of 1 or 2", sample);
        }

        Require(vaeEncoder, vaeEncoder.Inputs, "input", "sample", Floats, 4, 3, "[batch, 3, height, width] float32 or float16");
        VaeEncoderOutputKind kind;
        if (vaeEncoder.Outputs.Any(o => o.Name == "latent_parameters"))
        {
            Require(vaeEncoder, vaeEncoder.Outputs, "output", "latent_parameters", Floats, 4, 8, "[batch, 8, height/8, width/8] (mean and log-variance)");
            kind = VaeEncoderOutputKind.LatentParameters;
        }
        else if (vaeEncoder.Outputs.Any(o => o.Name == "latent_sample"))
        {
            Require(vaeEncoder, vaeEncoder.Outputs, "output", "latent_sample", Floats, 4, 4, "[batch, 4, height/8, width/8]");
            kind = VaeEncoderOutputKind.LatentSample;
        }
        else
        {
            throw new ModelFolderException(
                Full(vaeEncoder),
                $"{vaeEncoder.RelativePath}: expected an output named 'latent_parameters' ([batch, 8, h, w], newer exports) or 'latent_sample' ([batch, 4, h, w], older exports) but the graph's outputs are: {List(vaeEncoder.Outputs)}.");
        }

        Require(vaeDecoder, vaeDecoder.Inputs, "input", "latent_sample", Floats, 4, 4, "[batch, 4, height/8, width/8] float32 or float16");
        Require(vaeDecoder, vaeDecoder.Outputs, "output", "sample", Floats, 4, 3, "[batch, 3, height, width] float32 or float16");
        foreach (var (component, tensor) in new[] { (textEncoder, ids), (vaeEncoder, vaeEncoder.Inputs.First(i => i.Name == "sample")), (vaeDecoder, vaeDecoder.Inputs.First(i => i.Name == "latent_sample")) })
        {
            if (!tensor.IsDynamic(0) && tensor.Dimensions[0] != 1)
            {
                throw Mismatch(component, $"input '{tensor.Name}'", "a dynamic batch or a fixed batch of 1", tensor);
            }
        }

        RejectUnknownInputs(unet, "sample", "timestep", "encoder_hidden_states");
        RejectUnknownInputs(vaeEncoder, "sample");
        RejectUnknownInputs(vaeDecoder, "latent_sample");
        return new ModelSignature(sample.ElementType, ids.ElementType, timestep.ElementType, timestep.Rank, sample.IsDynamic(0), kind, hiddenSize);
    }

    private static TensorDescription Require(
        ModelComponentDescription component,
        IReadOnlyList<TensorDescription> tensors,
        string role,
        string name,
        TensorElementType[] types,
        int? rank,
        long? channels,
        string expectation)
    {
        TensorDescription? tensor = tensors.FirstOrDefault(t => t.Name == name);
        if (tensor is null)
        {
            throw new ModelFolderException(
                Full(component),
                $"{component.RelativePath}: expected an {role} named '{name}' ({expectation}) but the graph's {role}s are: {List(tensors)}.");
        }

        string what = $"{role} '{name}'";
        if (!types.Contains(tensor.ElementType))
        {
            throw Mismatch(component, what, expectation, tensor);
        }

        if (rank is not null && tensor.Rank != rank)
        {
            throw Mismatch(component, what, $"{expectation} (rank {rank})", tensor);
        }

        if (channels is not null && !tensor.IsDynamic(1) && tensor.Dimensions[1] != channels)
        {
            throw Mismatch(component, what, $"{expectation} ({channels} channels)", tensor);
        }

        return tensor;
    }

    private static void RejectUnknownInputs(ModelComponentDescription component, params string[] known)
    {
        // The runners feed only the inputs a Stable Diffusion 1.x export has; anything else would fail at the first run.
        var unknown = component.Inputs.Where(i => !known.Contains(i.Name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ModelFolderException(
                Full(component),
                $"{component.RelativePath}: expected only the inputs {string.Join(", ", known)} but the graph also needs {List(unknown)}; this does not look like a Stable Diffusion 1.x export.");
        }
    }

    private static ModelFolderException Mismatch(ModelComponentDescription component, string what, string expectation, TensorDescription found) =>
        new(Full(component), $"{component.RelativePath}: {what} should be {expectation} but is {found.ElementTypeText} {found.ShapeText}.");

    private static string List(IReadOnlyList<TensorDescription> tensors) =>
        tensors.Count == 0 ? "(none)" : string.Join(", ", tensors.Select(t => t.ToString()));

    private static string Full(ModelComponentDescription component) => component.FullPath;
}
