using BenchmarkDotNet.Attributes;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Benchmarks.Diffusion.Model;

/// <summary>
/// One guidance step (batch 2) of the tiny UNet at Riffusion's latent size 64×64: measures our per-call overhead
/// (conversion, buffer reuse) around ONNX Runtime, and the bytes a step allocates.
/// </summary>
[MemoryDiagnoser]
public class TinyUNetStepBenchmarks
{
    private const int Size = 64;
    private string _folder = string.Empty;
    private ModelFolder? _model;
    private float[] _sample = [];
    private float[] _text = [];
    private float[] _noise = [];

    /// <summary>Float32 or float16 graph.</summary>
    [Params(ModelPrecision.Float32, ModelPrecision.Float16)]
    public ModelPrecision Precision { get; set; }

    /// <summary>Generates and opens the tiny model.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "riffusion-bench-" + Guid.NewGuid().ToString("N"));
        TinyModelGenerator.Write(_folder, new TinyModelOptions { Precision = Precision });
        _model = ModelFolder.Open(_folder);
        var random = new Random(1);
        _sample = Enumerable.Range(0, 2 * 4 * Size * Size).Select(_ => (float)random.NextDouble()).ToArray();
        _text = new float[2 * 77 * _model.Description.TextHiddenSize];
        _noise = new float[_sample.Length];
    }

    /// <summary>Releases the sessions and deletes the model.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _model?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One UNet call with both guidance halves.</summary>
    [Benchmark]
    public void GuidanceStep() => _model!.UNet.Predict(_sample, 2, Size, Size, 500, _text, _noise);
}
