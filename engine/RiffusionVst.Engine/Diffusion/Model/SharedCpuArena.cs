using Microsoft.ML.OnnxRuntime;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// One CPU memory arena for every session of the process, registered once with ONNX Runtime's environment. The four
/// graphs of a model run one after the other, never together, so with one arena the VAE decoder's activations reuse
/// the memory the UNet's steps have just freed instead of adding their own on top.
/// </summary>
/// <remarks>
/// Peak resident memory of one 2-bar loop's components at 512×512 on the full-size fp32 model (the benchmarks'
/// <c>sd15 … probe</c>): 5.99 GB with an arena per session (the one-off graphs shrinking theirs after each run),
/// 5.84 GB shared with kSameAsRequested growth, 5.44 GB shared with kNextPowerOfTwo growth.
/// </remarks>
internal static class SharedCpuArena
{
    // ONNX Runtime's arena extend strategy 0, kNextPowerOfTwo: regions grow by doubling, so one region serves tensors of
    // many sizes; with kSameAsRequested each region fits one request and the VAE's larger tensors never fit the UNet's.
    private const int NextPowerOfTwo = 0;

    private static readonly Lazy<bool> Registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the arena on first use; false when this runtime refused it (sessions then keep their own).</summary>
    public static bool EnsureRegistered() => Registered.Value;

    private static bool Register()
    {
        try
        {
            using var arena = new OrtArenaCfg(0, NextPowerOfTwo, -1, -1);
            using var cpu = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
            OrtEnv.Instance().CreateAndRegisterAllocator(cpu, arena);
            return true;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
