using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Graphs.Configs;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Benchmarks.Diffusion.Graphs;

/// <summary>
/// The full-size SD 1.5 architecture with random weights: how long the builder takes to write the four graphs, and
/// one UNet guidance call (batch 2, 4×64×64 latents) of ours next to diffusers' UNet on PyTorch with the same thread
/// count. Not a BenchmarkDotNet run: one build and a few calls take minutes on two cores.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/RiffusionVst.Engine.Benchmarks -- sd15 [threads] [runs] [fp32|fp16] [plain|fused] [torch|no-torch] [refsrc] [noprepack]</c>
/// (runs 0: only the build; <c>noprepack</c> turns off ONNX Runtime's weight prepacking, which keeps a second, repacked
/// copy of the weights; <c>loop</c> then also makes one whole 2-bar loop at 120 BPM through the engine's own pipeline,
/// DPM-Solver++ 20 steps at denoising 0.75 from a seed pattern, and the loop renderer; <c>probe</c> instead prints the
/// memory after each component's first run (see <see cref="ComponentMemoryProbe"/>), <c>steps</c> the engine's UNet
/// step against a plain session, interleaved (see <see cref="UNetStepComparison"/>); <c>model=DIR</c> keeps the built
/// folder in DIR and reuses it on the next run, which saves the build).
/// PyTorch runs when <c>/usr/bin/python3</c> imports torch and <c>refsrc</c> (default /work/refsrc) holds diffusers
/// 0.9's sources (see tests/reference/diffusers/README.md).
/// </remarks>
internal static class FullSizeUNetReport
{
    /// <summary>Builds, times and prints.</summary>
    public static void Run(string[] args)
    {
        int threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        ModelPrecision precision = args.Length > 2 && args[2] == "fp16" ? ModelPrecision.Float16 : ModelPrecision.Float32;
        bool fused = args.Length > 3 && args[3] == "fused";
        bool torch = args.Length <= 4 || args[4] != "no-torch";
        string refsrc = args.Length > 5 ? args[5] : "/work/refsrc";
        bool noPrepack = args.Contains("noprepack");
        string? kept = args.FirstOrDefault(a => a.StartsWith("model=", StringComparison.Ordinal))?["model=".Length..];
        string folder = kept ?? Path.Combine(Path.GetTempPath(), "riffusion-sd15-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (kept is not null && File.Exists(Path.Combine(kept, ModelFolder.VaeDecoderFile)))
            {
                Console.WriteLine($"reusing the graphs built in {kept}");
                Measure(folder, threads, runs, precision, noPrepack, args);
                return;
            }

            var configs = new ModelConfigs(ClipTextConfig.Parse(Sd1Configs.TextEncoder), UNetConfig.Parse(Sd1Configs.UNet), VaeConfig.Parse(Sd1Configs.Vae));
            var (text, unet, vae) = ModelGraphBuilder.ListTensors(configs);
            var clock = Stopwatch.StartNew();
            TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            ModelGraphBuilder.BuildGraphs(
                configs,
                new RandomWeightSource(text, 1),
                new RandomWeightSource(unet, 2),
                new RandomWeightSource(vae, 3),
                folder,
                new GraphBuildOptions { Precision = precision, FusedAttention = fused, Progress = new ConsoleProgress() },
                new ExportConventions(),
                default);
            Console.WriteLine($"build of the four graphs ({precision}, {(fused ? "fused" : "plain")} attention, random weights drawn on the way): {clock.Elapsed.TotalSeconds:F1} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds:F1} CPU-s");
            if (runs == 0)
            {
                return;
            }

            Measure(folder, threads, runs, precision, noPrepack, args);
            string? result = torch ? TimeTorch(threads, runs, refsrc) : "not asked for";
            Console.WriteLine(result is null ? "pytorch: not run (no /usr/bin/python3 with torch, or no diffusers 0.9 under refsrc)" : $"pytorch: {result}");
        }
        finally
        {
            if (kept is null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void Measure(string folder, int threads, int runs, ModelPrecision precision, bool noPrepack, string[] args)
    {
        TinyTokenizerFiles.Write(Directory.CreateDirectory(Path.Combine(folder, "tokenizer")).FullName);
        ModelGraphBuilder.WriteIndexAndScheduler(folder, null);
        if (args.Contains("probe"))
        {
            ComponentMemoryProbe.Run(folder);
            return;
        }

        if (args.Contains("steps"))
        {
            UNetStepComparison.Run(folder, Math.Max(1, runs));
            return;
        }

        double[] ours = TimeOurs(Path.Combine(folder, "unet", "model.onnx"), threads, runs, precision, noPrepack, out double sessionSeconds, out double cpuSeconds);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ours:    {(noPrepack ? "no prepacking; " : "")}session {sessionSeconds:F1} s; UNet call batch 2, 64×64, {threads} threads: {string.Join(", ", ours.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s wall, {cpuSeconds:F1} CPU-s a call; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB"));

        if (args.Contains("loop"))
        {
            Console.WriteLine(WholeLoop(folder));
        }
    }

    private static double[] TimeOurs(string unetPath, int threads, int runs, ModelPrecision precision, bool noPrepack, out double sessionSeconds, out double cpuSeconds)
    {
        var clock = Stopwatch.StartNew();
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        if (noPrepack)
        {
            options.AddSessionConfigEntry("session.disable_prepacking", "1");
        }

        using var session = new InferenceSession(unetPath, options);
        sessionSeconds = clock.Elapsed.TotalSeconds;
        var random = new Random(1);
        using var sample = FloatValue(precision, [2, 4, 64, 64], random);
        using var text = FloatValue(precision, [2, 77, 768], random);
        using var timestep = OrtValue.CreateTensorValueFromMemory(new long[] { 500, 500 }, [2]);
        string[] names = ["sample", "timestep", "encoder_hidden_states"];
        OrtValue[] inputs = [sample, timestep, text];
        using var runOptions = new RunOptions();
        session.Run(runOptions, names, inputs, session.OutputNames).Dispose();
        var seconds = new double[runs];
        TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < runs; i++)
        {
            clock.Restart();
            session.Run(runOptions, names, inputs, session.OutputNames).Dispose();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }

        cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds / runs;
        return seconds;
    }

    // The engine's own path, as `generate` runs it (the folder has got a tokenizer, a scheduler and its index).
    // Its peak is its own: the standalone UNet session timed before it has been released.
    private static string WholeLoop(string folder)
    {
        GC.Collect();
        bool ownPeak = ProcessMemory.ResetPeak();
        var clock = Stopwatch.StartNew();
        using ModelFolder model = ModelFolder.Open(folder);
        double load = clock.Elapsed.TotalSeconds;
        var converter = new SpectrogramConverter();
        var request = new DiffusionRequest
        {
            Start = new PromptSettings("funky bass line with drums", 42, 0.75),
            Steps = 20,
            Scheduler = SchedulerNames.DpmSolverMultistep,
            SeedImage = SeedImages.FromPattern(SeedPatternCatalog.Get(SeedPatternNames.Default), 2, 4, converter),
            Width = SeedImages.Width(2),
            Height = SeedImages.Height,
        };
        clock.Restart();
        TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        DiffusionResult result = RiffusionPipeline.Create(model).Generate(request);
        double diffusion = clock.Elapsed.TotalSeconds;
        double diffusionCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        clock.Restart();
        var renderer = new LoopRenderer();
        AudioClip loop = renderer.RenderLoop(SpectrogramImageCodec.FromImage(result.Image, renderer.Parameters), new LoopSpec(120, 2));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"whole 2-bar loop (DPM-Solver++ 20 steps, denoising 0.75, {result.Timesteps.Count} UNet calls): model load {load:F1} s, diffusion {diffusion:F1} s wall, {diffusionCpu:F1} CPU-s (UNet {result.UNetTime.TotalSeconds:F1} s, decode {result.DecodingTime.TotalSeconds:F1} s), loop render {clock.Elapsed.TotalSeconds:F2} s, {loop.Length} samples; peak working set {ProcessMemory.Read().Peak:F2} GB {(ownPeak ? "(the loop's own)" : "(since the process started)")}");
    }

    private static OrtValue FloatValue(ModelPrecision precision, long[] shape, Random random)
    {
        int count = (int)shape.Aggregate(1L, (a, b) => a * b);
        float[] values = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        return precision == ModelPrecision.Float32
            ? OrtValue.CreateTensorValueFromMemory(values, shape)
            : OrtValue.CreateTensorValueFromMemory(values.Select(v => (Float16)v).ToArray(), shape);
    }

    private static string? TimeTorch(int threads, int runs, string refsrc)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Diffusion", "Graphs", "unet_pytorch.py");
        if (!File.Exists("/usr/bin/python3") || !Directory.Exists(Path.Combine(refsrc, "diffusers-0.9.0")) || !File.Exists(script))
        {
            return null;
        }

        string config = Path.GetTempFileName();
        File.WriteAllText(config, Sd1Configs.UNet);
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3", [script, config, threads.ToString(CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture), refsrc])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim() : $"failed ({errors.Trim().Split('\n').LastOrDefault()})";
        }
        finally
        {
            File.Delete(config);
        }
    }

    private sealed class ConsoleProgress : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine($"  {value}");
    }
}
