using Microsoft.ML.OnnxRuntime;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// Turns an <see cref="ExecutionDevice"/> into session options. The code compiles against the CPU package; an
/// accelerator is only appended when this runtime build lists it, and any failure falls back to the CPU.
/// </summary>
internal static class ExecutionProviders
{
    private static readonly (ExecutionDevice Device, string Provider)[] Accelerators =
    [
        (ExecutionDevice.Cuda, "CUDAExecutionProvider"),
        (ExecutionDevice.DirectML, "DmlExecutionProvider"),
        (ExecutionDevice.CoreML, "CoreMLExecutionProvider"),
    ];

    /// <summary>The providers compiled into the loaded ONNX Runtime.</summary>
    public static IReadOnlyList<string> Available()
    {
        try
        {
            return OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return ["CPUExecutionProvider"];
        }
    }

    /// <summary>Session options for <paramref name="requested"/>, with the selection that was made.</summary>
    public static (SessionOptions Options, ExecutionProviderSelection Selection) Create(ExecutionDevice requested)
    {
        IReadOnlyList<string> available = Available();
        if (requested == ExecutionDevice.Cpu)
        {
            return (CpuOptions(), CpuSelection(requested, null));
        }

        var candidates = requested == ExecutionDevice.Auto
            ? Accelerators.Where(a => available.Contains(a.Provider)).ToArray()
            : Accelerators.Where(a => a.Device == requested).ToArray();
        var problems = new List<string>();
        foreach (var (device, provider) in candidates)
        {
            if (!available.Contains(provider))
            {
                problems.Add($"{device} is not part of this ONNX Runtime build (it has: {string.Join(", ", available)})"
                    + (device == ExecutionDevice.Cuda ? "; build the engine with -p:OnnxRuntimeFlavour=Gpu for CUDA" : string.Empty));
                continue;
            }

            SessionOptions options = CpuOptions();
            try
            {
                switch (device)
                {
                    case ExecutionDevice.Cuda:
                        options.AppendExecutionProvider_CUDA(0);
                        break;
                    case ExecutionDevice.DirectML:
                        options.AppendExecutionProvider_DML(0);
                        break;
                    default:
                        options.AppendExecutionProvider_CoreML((CoreMLFlags)0);
                        break;
                }

                return (options, new ExecutionProviderSelection(requested, device, provider, null));
            }
            catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                options.Dispose();
                problems.Add($"{device} could not be started: {e.Message}");
            }
        }

        string reason = problems.Count > 0 ? string.Join("; ", problems) : "no GPU execution provider in this ONNX Runtime build";
        return (CpuOptions(), CpuSelection(requested, $"Requested device {requested} is not available ({reason}); running on the CPU."));
    }

    /// <summary>The CPU selection, recording why an accelerator was not used.</summary>
    public static ExecutionProviderSelection CpuSelection(ExecutionDevice requested, string? message) =>
        new(requested, ExecutionDevice.Cpu, "CPUExecutionProvider", message);

    /// <summary>
    /// Session options for the UNet on CUDA with graph capture (the CUDA provider's <c>enable_cuda_graph</c>): its loop
    /// runs one shape for every step, so the kernel launches of a step are recorded once and replayed. Only called
    /// once the CUDA provider is selected; compile-checked, not yet run on a GPU.
    /// </summary>
    public static SessionOptions CudaGraphOptions()
    {
        SessionOptions options = CpuOptions();
        try
        {
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(new Dictionary<string, string> { ["device_id"] = "0", ["enable_cuda_graph"] = "1" });
            options.AppendExecutionProvider_CUDA(cuda);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>CPU session options: full graph optimisation, no weight prepacking.</summary>
    /// <remarks>
    /// Prepacking keeps a second, repacked copy of every weight it touches: one full-size SD 1.5 UNet call (fp32, batch 2,
    /// 64×64) peaks at 12.1 GB with it and 9.3 GB without, at the same speed (17.2 and 16.0 CPU-s a call on two cores;
    /// the benchmarks' <c>sd15 2 2 fp32 plain no-torch /work/refsrc noprepack</c>).
    /// </remarks>
    public static SessionOptions CpuOptions()
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        options.AddSessionConfigEntry("session.disable_prepacking", "1");
        if (SharedCpuArena.EnsureRegistered())
        {
            options.AddSessionConfigEntry("session.use_env_allocators", "1");

            // Weights are allocated once and exactly; only activations go through the shared arena.
            options.AddSessionConfigEntry("session.use_device_allocator_for_initializers", "1");
        }

        return options;
    }
}
