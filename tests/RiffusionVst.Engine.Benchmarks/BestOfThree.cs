using System.Diagnostics;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>Quick timing for the report modes: one warm-up, then the best wall and best process-CPU milliseconds of three runs.</summary>
internal static class BestOfThree
{
    public static (T Result, double WallMs, double CpuMs) Measure<T>(Func<T> work)
    {
        var process = Process.GetCurrentProcess();
        T result = work();
        double bestWall = double.MaxValue, bestCpu = double.MaxValue;
        for (int repeat = 0; repeat < 3; repeat++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            result = work();
            watch.Stop();
            process.Refresh();
            bestWall = Math.Min(bestWall, watch.Elapsed.TotalMilliseconds);
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalMilliseconds);
        }

        return (result, bestWall, bestCpu);
    }
}
