using System.Diagnostics;
using System.Globalization;
using RiffusionVst.Engine.Diffusion.Model;

namespace RiffusionVst.Engine.Benchmarks.Diffusion.Graphs;

/// <summary>
/// Where a whole loop's memory goes: opens a model folder with the engine's own settings and runs each component once
/// in the pipeline's order (text encoder for a guided batch of 2, VAE encoder, three UNet calls, VAE decoder) at one
/// 2-bar loop's size (512×512, latents 64×64), printing the CPU time of each and the resident set (anonymous and
/// file-backed) and the peak so far after it. Linux only (reads /proc/self/status).
/// </summary>
internal static class ComponentMemoryProbe
{
    /// <summary>Runs the probe on the model in <paramref name="folder"/>.</summary>
    public static void Run(string folder)
    {
        const int Size = 512, Latent = Size / 8, Batch = 2;
        var clock = Stopwatch.StartNew();
        Print("before open", clock);
        using ModelFolder model = ModelFolder.Open(folder);
        Print("after open", clock);
        var random = new Random(5);
        int[] ids = new int[Batch * ModelFolder.SequenceLength];
        ids.AsSpan().Fill(49407);
        ids[0] = ids[ModelFolder.SequenceLength] = 49406;
        float[] text = model.TextEncoder.Encode(ids);
        Print("text encoder", clock);
        float[] image = Values(3 * Size * Size, random);
        float[] latent = new float[UNet.LatentChannels * Latent * Latent];
        model.VaeEncoder.Encode(image, Size, Size, model.VaeEncoder.NeedsNoise ? Values(latent.Length, random) : [], latent);
        Print("VAE encoder", clock);
        float[] sample = Values(Batch * latent.Length, random);
        float[] prediction = new float[sample.Length];
        for (int call = 1; call <= 3; call++)
        {
            model.UNet.Predict(sample, Batch, Latent, Latent, 500, text, prediction);
            Print($"UNet call {call}", clock);
        }

        model.VaeDecoder.Decode(latent, Latent, Latent, image);
        Print("VAE decoder", clock);
    }

    private static float[] Values(int count, Random random) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static TimeSpan _cpu;

    private static void Print(string phase, Stopwatch clock)
    {
        var (resident, anonymous, file, peak) = ProcessMemory.Read();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        double phaseCpu = (cpu - _cpu).TotalSeconds;
        _cpu = cpu;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {clock.Elapsed.TotalSeconds,6:F1} s  {phase,-14} {phaseCpu,5:F1} CPU-s  resident {resident:F2} GB (anonymous {anonymous:F2}, file {file:F2}), peak {peak:F2} GB"));
    }
}
