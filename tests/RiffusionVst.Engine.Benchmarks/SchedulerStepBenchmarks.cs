using BenchmarkDotNet.Attributes;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>One scheduler step on a Riffusion latent (4 × 64 × 64 for a 512² image); must stay negligible next to a UNet call.</summary>
[MemoryDiagnoser]
public class SchedulerStepBenchmarks
{
    private const int LatentSize = 4 * 64 * 64;
    private readonly float[] _eps = GaussianNoise.Create(1, LatentSize);
    private readonly float[] _sample = GaussianNoise.Create(2, LatentSize);
    private IScheduler _pndm = null!;
    private IScheduler _dpm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pndm = new PndmScheduler(SchedulerConfig.Riffusion);
        _dpm = new DpmSolverMultistepScheduler(SchedulerConfig.Riffusion);
    }

    [Benchmark]
    public void PndmFiftySteps() => RunAll(_pndm, 50);

    [Benchmark]
    public void DpmSolverTwentySteps() => RunAll(_dpm, 20);

    private void RunAll(IScheduler scheduler, int steps)
    {
        scheduler.SetTimesteps(steps);
        foreach (int t in scheduler.Timesteps)
        {
            scheduler.Step(_eps, t, _sample);
        }
    }
}
