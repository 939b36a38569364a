using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Dsp.Spectrogram.Quality;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>Quick quality/speed table for phase-reconstruction settings on the synthetic beat (not a BenchmarkDotNet run).</summary>
/// <remarks>
/// `dotnet run -c Release --project tests/RiffusionVst.Engine.Benchmarks -- sweep [threads] setting…`, a setting being
/// r|p|z (random, PGHI, zero start) + iterations, optional "m" (refit mel each iteration), "l" (linear instead of periodic)
/// "h" (half-length FFT frames) and "@tolerance", e.g. `r32ml`, `p8m@1e-4`. Prints the best wall and best process-CPU milliseconds of three runs (after one warm-up) and SC.
/// </remarks>
internal static class SettingsSweep
{
    public static void Run(string[] args)
    {
        int threads = args.Length > 0 && int.TryParse(args[0], out int t) ? t : 0;
        string[] settings = args.Length > 1 ? args[1..] : ["r32l", "p8ml"];
        var parameters = SpectrogramParameters.Riffusion;
        var converter = new SpectrogramConverter(parameters, melRefinementSteps: 0, threads: threads);
        var linear = SyntheticBeat.Mel(converter);
        var periodic = SyntheticBeat.Mel(converter, periodic: true);
        Console.WriteLine($"threads={FftWorker.ResolveThreads(threads)}; setting | wall ms | cpu ms | SC dB");
        foreach (string setting in settings)
        {
            string[] parts = setting.Split('@');
            string head = parts[0];
            var options = new PhaseReconstructionOptions
            {
                Init = head[0] switch { 'r' => PhaseInit.Random, 'z' => PhaseInit.Zero, _ => PhaseInit.Pghi },
                Iterations = int.Parse(new string(head[1..].TakeWhile(char.IsDigit).ToArray())),
                RefitMel = head.Contains('m'),
                Periodic = !head.Contains('l'),
                HalfLengthFrames = head.Contains('h'),
                PghiTolerance = parts.Length > 1 ? double.Parse(parts[1]) : PhaseReconstructionOptions.Default.PghiTolerance,
                Threads = threads,
                Seed = 1,
            };
            MelSpectrogram mel = options.Periodic ? periodic : linear;
            var (audio, bestWall, bestCpu) = BestOfThree.Measure(() => converter.MelToAudio(mel, options));
            double sc = MelSpectralConvergence.Measure(audio, mel, parameters, options.Periodic);
            Console.WriteLine($"{setting} | {bestWall:F0} | {bestCpu:F0} | {sc:F2}");
        }
    }
}
