using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// The one CUDA runtime call the graphs need, <c>cudaMemcpy</c>, to fill device buffers that must keep their address
/// (ONNX Runtime's C# API binds device memory but does not copy into it for the built-in CUDA provider). The library is
/// the one ONNX Runtime's CUDA provider itself loads; when it is not found, CUDA graphs are not used.
/// </summary>
internal static unsafe class CudaRuntime
{
    private const int HostToDevice = 1;
    private const int DeviceToHost = 2;

    // CUDA 12 and 13 runtimes, Linux and Windows names; the versioned names first so a stray old copy is not picked.
    private static readonly string[] LibraryNames = ["libcudart.so.12", "libcudart.so.13", "libcudart.so", "cudart64_12.dll", "cudart64_13.dll"];

    private static readonly Lazy<nint> Memcpy = new(Load);

    /// <summary>True when the CUDA runtime library could be loaded.</summary>
    public static bool IsAvailable => Memcpy.Value != 0;

    /// <summary>Copies a host tensor's bytes into device memory of the same size.</summary>
    public static void CopyToDevice(OrtValue device, ReusableTensor host) =>
        Copy(device.GetTensorMutableRawData(), host.Value.GetTensorMutableRawData(), HostToDevice);

    /// <summary>Copies device memory into a host tensor of the same size.</summary>
    public static void CopyToHost(ReusableTensor host, OrtValue device) =>
        Copy(host.Value.GetTensorMutableRawData(), device.GetTensorMutableRawData(), DeviceToHost);

    // A device tensor's span only carries its address and length here; it is never read or written from the CPU.
    private static void Copy(Span<byte> target, Span<byte> source, int kind)
    {
        if (target.Length != source.Length)
        {
            throw new InvalidOperationException($"A GPU copy needs buffers of one size (got {source.Length} and {target.Length} bytes).");
        }

        fixed (byte* to = target)
        fixed (byte* from = source)
        {
            Check(((delegate* unmanaged<void*, void*, nuint, int, int>)Memcpy.Value)(to, from, (nuint)target.Length, kind));
        }
    }

    private static nint Load()
    {
        foreach (string name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out nint library) && NativeLibrary.TryGetExport(library, "cudaMemcpy", out nint export))
            {
                return export;
            }
        }

        return 0;
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Copying between the GPU and host memory failed (CUDA error {error}); restart the engine, or run it with --device cpu.");
        }
    }
}
