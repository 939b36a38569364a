using BenchmarkDotNet.Attributes;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.Schedulers;
using RiffusionVst.Engine.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Benchmarks.Diffusion.Pipeline;

/// <summary>
/// Host overhead of a denoising step on the tiny model at Riffusion's 512×512 (latent 64×64, guidance batch 2):
/// the UNet call alone against whole generations of 10 and 20 steps. One pipeline step costs
/// (Generate20Steps − Generate10Steps) / 10 (fixed costs such as text encoding and decoding cancel), and the
/// overhead is that minus UnetAlone. HostWorkOfOneStep repeats the loop's own work without the UNet (copies into the
/// guidance batch, the guidance combination, a PNDM step) for a measurement that does not depend on the UNet's noise.
/// Target: at most 2 % or 0.2 ms a step.
/// </summary>
[MemoryDiagnoser]
public class PipelineStepOverheadBenchmarks
{
    private const int Size = 64;
    private string _folder = string.Empty;
    private ModelFolder? _model;
    private RiffusionPipeline? _pipeline;
    private float[] _sample = [];
    private float[] _text = [];
    private float[] _prediction = [];
    private float[] _latents = [];
    private float[] _guided = [];
    private PndmScheduler _scheduler = new(SchedulerConfig.Riffusion);
    private int _step;

    /// <summary>Generates and opens the tiny model and encodes the prompt once (it is cached for the runs).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "riffusion-bench-" + Guid.NewGuid().ToString("N"));
        TinyModelGenerator.Write(_folder);
        _model = ModelFolder.Open(_folder);
        _pipeline = RiffusionPipeline.Create(_model);
        var random = new Random(1);
        _sample = Enumerable.Range(0, 2 * 4 * Size * Size).Select(_ => (float)random.NextDouble()).ToArray();
        float[] prompt = _pipeline.Prompts.Encode("funk bass", 1);
        _text = [.. _pipeline.Prompts.Encode(string.Empty, 1), .. prompt];
        _prediction = new float[_sample.Length];
        _pipeline.Generate(Request(2));
        _latents = _sample[..(4 * Size * Size)];
        _guided = new float[_latents.Length];
        _scheduler.SetTimesteps(500);
    }

    /// <summary>Releases the sessions and deletes the model.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _model?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The UNet call of one guided step, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public void UnetAlone() => _model!.UNet.Predict(_sample, 2, Size, Size, 501, _text, _prediction);

    /// <summary>The pipeline's per-step work around the UNet call, on the same buffers sizes.</summary>
    [Benchmark]
    public void HostWorkOfOneStep()
    {
        int n = _latents.Length;
        IReadOnlyList<int> timesteps = _scheduler.Timesteps;
        if (_step == timesteps.Count)
        {
            _scheduler.SetTimesteps(500);
            _step = 0;
            _sample.AsSpan(0, n).CopyTo(_latents);
        }

        int t = timesteps[_step++];
        Span<float> input = _sample;
        _latents.CopyTo(input[..n]);
        _scheduler.ScaleModelInput(input[..n], t);
        input[..n].CopyTo(input[n..]);
        ClassifierFreeGuidance.Combine(_prediction.AsSpan(0, n), _prediction.AsSpan(n), 7f, _guided);
        _scheduler.Step(_guided, t, _latents);
    }

    /// <summary>A text-to-image generation of 10 PNDM steps.</summary>
    [Benchmark]
    public DiffusionResult Generate10Steps() => _pipeline!.Generate(Request(10));

    /// <summary>The same with 20 steps.</summary>
    [Benchmark]
    public DiffusionResult Generate20Steps() => _pipeline!.Generate(Request(20));

    private static DiffusionRequest Request(int steps) => new()
    {
        Start = new PromptSettings("funk bass", 7),
        Steps = steps,
        Width = 8 * Size,
        Height = 8 * Size,
    };
}
