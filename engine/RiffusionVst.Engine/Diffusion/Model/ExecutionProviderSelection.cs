namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>The device asked for, the ONNX Runtime execution provider actually used, and why they differ.</summary>
/// <param name="Requested">The device the caller asked for.</param>
/// <param name="Device">The device in use.</param>
/// <param name="ProviderName">ONNX Runtime's name of the provider in use, e.g. "CPUExecutionProvider".</param>
/// <param name="FallbackMessage">Set when the requested device could not be used and the CPU runs instead.</param>
public sealed record ExecutionProviderSelection(
    ExecutionDevice Requested,
    ExecutionDevice Device,
    string ProviderName,
    string? FallbackMessage)
{
    /// <summary>On CUDA: whether the UNet replays captured CUDA graphs, and why not when it does not; null elsewhere.</summary>
    public string? CudaGraphs { get; init; }

    /// <summary>True when the requested device was not available and the CPU is used instead.</summary>
    public bool FellBack => FallbackMessage is not null;
}
