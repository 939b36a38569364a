namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum ExecutionDevice
{
    /// <summary>The first accelerator this runtime has (CUDA, DirectML, CoreML), else the CPU.</summary>
    Auto,

    /// <summary>The CPU (the default; always available).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; only in engines built with <c>-p:OnnxRuntimeFlavour=Gpu</c>.</summary>
    Cuda,

    /// <summary>DirectML (Windows), where the runtime includes it.</summary>
    DirectML,

    /// <summary>CoreML (macOS), where the runtime includes it.</summary>
    CoreML,
}
