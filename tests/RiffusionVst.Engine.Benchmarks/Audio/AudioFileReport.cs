using System.Diagnostics;

namespace RiffusionVst.Engine.Benchmarks.Audio;

/// <summary>
/// <c>files</c> mode: the <see cref="AudioFileBenchmarks"/> operations timed by best process-CPU time over batches, which a
/// busy shared machine disturbs far less than wall time (BenchmarkDotNet's error bars there exceed the differences we look for).
/// </summary>
internal static class AudioFileReport
{
    private const int Batches = 15;
    private const int PerBatch = 10;

    public static void Run()
    {
        var b = new AudioFileBenchmarks();
        b.Setup();
        Report("WAV encode, float + acid/smpl", () => b.EncodeFloatWithLoopChunks());
        Report("WAV encode, 24-bit PCM", () => b.EncodePcm24());
        Report("WAV read, 24-bit PCM", () => b.ReadPcm24());
        Report("PNG encode, 512×512", () => b.EncodePng());
        Report("PNG decode, 512×512", () => b.DecodePng());
        Report("MP3 decode, 1 s stereo 128 kbps", () => b.DecodeMp3());
    }

    private static void Report(string name, Func<object> work)
    {
        var process = Process.GetCurrentProcess();
        work();
        double bestCpu = double.MaxValue, bestWall = double.MaxValue;
        for (int batch = 0; batch < Batches; batch++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < PerBatch; i++)
            {
                work();
            }

            watch.Stop();
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalMilliseconds / PerBatch);
            bestWall = Math.Min(bestWall, watch.Elapsed.TotalMilliseconds / PerBatch);
        }

        Console.WriteLine($"{name,-32} best CPU {bestCpu,7:0.00} ms   best wall {bestWall,7:0.00} ms");
    }
}
