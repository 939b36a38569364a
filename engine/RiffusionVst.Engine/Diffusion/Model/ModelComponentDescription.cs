namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>One ONNX graph of the model folder: its file, sizes and signature.</summary>
/// <param name="Name">The component ("text_encoder", "unet", "vae_encoder", "vae_decoder").</param>
/// <param name="RelativePath">The .onnx file relative to the model folder.</param>
/// <param name="FullPath">The .onnx file's full path.</param>
/// <param name="FileSize">Size of the .onnx file in bytes.</param>
/// <param name="ExternalDataSize">Total size of other files in the component folder (external weights), in bytes.</param>
/// <param name="Inputs">The graph inputs.</param>
/// <param name="Outputs">The graph outputs.</param>
public sealed record ModelComponentDescription(
    string Name,
    string RelativePath,
    string FullPath,
    long FileSize,
    long ExternalDataSize,
    IReadOnlyList<TensorDescription> Inputs,
    IReadOnlyList<TensorDescription> Outputs);
