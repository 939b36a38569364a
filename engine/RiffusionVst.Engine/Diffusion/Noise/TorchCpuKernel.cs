namespace RiffusionVst.Engine.Diffusion.Noise;

/// <summary>Which of torch's CPU <c>randn</c> kernels to reproduce for tensors of 16 or more float32 values.</summary>
public enum TorchCpuKernel
{
    /// <summary>The portable kernel (Apple machines, and any build run with <c>ATEN_CPU_CAPABILITY=default</c>): the C library's logf, cosf, sinf.</summary>
    Default,

    /// <summary>The kernel x86 builds take on CPUs with AVX2: Cephes-style log and sincos in single precision, with fused multiply-adds.</summary>
    Avx2,
}
