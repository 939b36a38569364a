using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Dsp.Spectrogram.Quality;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>Quality and speed of image → audio on real spectrogram PNGs: the engine's default against Riffusion's own Griffin-Lim.</summary>
/// <remarks>
/// `dotnet run -c Release --project tests/RiffusionVst.Engine.Benchmarks -- images [threads] IMAGE.png…` prints, per image,
/// SC (dB, lower is better) and the best wall / process-CPU milliseconds of three runs for the default path and for
/// `RiffusionGriffinLim` (random start, 32 iterations). Compare with Riffusion's own figures in
/// tests/RiffusionVst.Engine.Tests/Fixtures/reference/riffusion_reference.json.
/// </remarks>
internal static class ImageQualityReport
{
    public static void Run(string[] args)
    {
        int threads = args.Length > 0 && int.TryParse(args[0], out int t) ? t : 0;
        var images = args.Skip(threads > 0 || (args.Length > 0 && args[0] == "0") ? 1 : 0).ToArray();
        Console.WriteLine($"threads={FftWorker.ResolveThreads(threads)}");
        Console.WriteLine("image | default SC dB | default wall ms | default cpu ms | riffusion-GL SC dB | riffusion-GL wall ms | riffusion-GL cpu ms | loop (2 bars, 120 BPM, 48 kHz) wall ms");
        foreach (string path in images)
        {
            var (channels, parameters) = SpectrogramImageFile.Load(path);
            var converter = new SpectrogramConverter(parameters, threads: threads);
            var ours = Measure(converter, channels[0], PhaseReconstructionOptions.Default with { Threads = threads });
            var theirs = Measure(converter, channels[0], PhaseReconstructionOptions.RiffusionGriffinLim with { Threads = threads });
            double loop = TimeLoop(channels, parameters);
            Console.WriteLine($"{Path.GetFileNameWithoutExtension(path)} | {ours.Sc:F2} | {ours.Wall:F0} | {ours.Cpu:F0} | {theirs.Sc:F2} | {theirs.Wall:F0} | {theirs.Cpu:F0} | {loop:F0}");
        }
    }

    // The whole product path of a loop: time fit, periodic reconstruction, exact-length resampling, loudness.
    private static double TimeLoop(MelSpectrogram[] channels, SpectrogramParameters parameters)
    {
        var renderer = new LoopRenderer(parameters);
        var spec = new LoopSpec(120, 2, 4, 48_000);
        return BestOfThree.Measure(() => renderer.RenderLoop(channels, spec)).WallMs;
    }

    private static (double Sc, double Wall, double Cpu) Measure(SpectrogramConverter converter, MelSpectrogram mel, PhaseReconstructionOptions options)
    {
        var (audio, wall, cpu) = BestOfThree.Measure(() => converter.MelToAudio(mel, options));
        return (MelSpectralConvergence.Measure(audio, mel, converter.Parameters), wall, cpu);
    }
}
