using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Benchmarks.Diffusion.Pipeline;

/// <summary>
/// Memory over 100 img2img generations (1 bar, 10 steps, a mask, alternating prompts and seeds) in one process on the
/// tiny model: the managed heap and working set after a warm-up generation and after the 100 are printed to the log
/// ("// memory:" lines); Allocated is the garbage of one generation. Flat means no growth beyond noise.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[InvocationCount(100, 1)]
public class PipelineMemoryBenchmarks
{
    private string _folder = string.Empty;
    private ModelFolder? _model;
    private RiffusionPipeline? _pipeline;
    private RgbImage _seed = new(256, 512);
    private int _count;
    private long _heapBefore;
    private long _workingSetBefore;

    /// <summary>Opens the tiny model, runs one generation and records the baseline.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "riffusion-bench-" + Guid.NewGuid().ToString("N"));
        TinyModelGenerator.Write(_folder);
        _model = ModelFolder.Open(_folder);
        _pipeline = RiffusionPipeline.Create(_model);
        for (int i = 0; i < _seed.Pixels.Length; i++)
        {
            _seed.Pixels[i] = (byte)(i * 7 % 251);
        }

        Generate();
        (_heapBefore, _workingSetBefore) = Measure();
        _count = 0;
    }

    /// <summary>Prints the heap and working set before and after, then cleans up.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var (heap, workingSet) = Measure();
        Console.WriteLine($"// memory: {_count} generations; managed heap {_heapBefore / 1024.0:0} KiB -> {heap / 1024.0:0} KiB; working set {_workingSetBefore / 1048576.0:0.0} MiB -> {workingSet / 1048576.0:0.0} MiB");
        _model?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One img2img generation.</summary>
    [Benchmark]
    public DiffusionResult Generate()
    {
        int i = _count++;
        return _pipeline!.Generate(new DiffusionRequest
        {
            Start = new PromptSettings(i % 2 == 0 ? "funk bass" : "jazz piano", i),
            End = new PromptSettings("techno drums", i + 1),
            Alpha = i % 5 / 4.0,
            Steps = 10,
            SeedImage = _seed,
            Mask = MaskImages.TopFraction(256, 512),
        });
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (heap, process.WorkingSet64);
    }
}
