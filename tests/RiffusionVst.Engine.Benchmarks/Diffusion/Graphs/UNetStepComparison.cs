using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using RiffusionVst.Engine.Diffusion.Model;

namespace RiffusionVst.Engine.Benchmarks.Diffusion.Graphs;

/// <summary>
/// The engine's UNet step (the runner of <see cref="ModelFolder"/>: IO binding, the shared arena, tensor-by-tensor
/// allocation) against a plain <c>Session.Run</c> on its own session with the earlier settings (a private arena and
/// one planned block per run), calls interleaved in one process so the machine's load falls on both alike. Needs
/// memory for two UNets (about 8.5 GB at fp32).
/// </summary>
internal static class UNetStepComparison
{
    /// <summary>Runs <paramref name="pairs"/> interleaved pairs of calls (after one warm-up each) and prints CPU-s per call.</summary>
    public static void Run(string folder, int pairs)
    {
        const int Latent = 64, Batch = 2;
        using ModelFolder model = ModelFolder.Open(folder);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        options.AddSessionConfigEntry("session.disable_prepacking", "1");
        using var plain = new InferenceSession(Path.Combine(folder, ModelFolder.UNetFile), options);
        var random = new Random(7);
        float[] sample = Enumerable.Range(0, Batch * 4 * Latent * Latent).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] text = Enumerable.Range(0, Batch * 77 * 768).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] prediction = new float[sample.Length];
        using OrtValue sampleValue = OrtValue.CreateTensorValueFromMemory(sample, [Batch, 4, Latent, Latent]);
        using OrtValue textValue = OrtValue.CreateTensorValueFromMemory(text, [Batch, 77, 768]);
        using OrtValue timestep = OrtValue.CreateTensorValueFromMemory(new long[] { 500, 500 }, [Batch]);
        using var runOptions = new RunOptions();
        string[] names = ["sample", "timestep", "encoder_hidden_states"];
        OrtValue[] inputs = [sampleValue, timestep, textValue];
        void Engine() => model.UNet.Predict(sample, Batch, Latent, Latent, 500, text, prediction);
        void Plain() => plain.Run(runOptions, names, inputs, plain.OutputNames).Dispose();
        Engine();
        Plain();
        var engine = new List<double>();
        var reference = new List<double>();
        for (int i = 0; i < pairs; i++)
        {
            engine.Add(Cpu(Engine));
            reference.Add(Cpu(Plain));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"UNet call batch 2, 64×64, CPU-s: engine runner {string.Join(", ", engine.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))} (mean {engine.Average():F2}); plain session {string.Join(", ", reference.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))} (mean {reference.Average():F2}); ratio {engine.Average() / reference.Average():F3}"));
    }

    private static double Cpu(Action call)
    {
        TimeSpan start = Process.GetCurrentProcess().TotalProcessorTime;
        call();
        return (Process.GetCurrentProcess().TotalProcessorTime - start).TotalSeconds;
    }
}
