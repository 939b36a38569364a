using RiffusionVst.Dsp.Spectrogram.Fft;

namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>One thread's FFT and scratch buffers, created once and reused for every frame that thread handles.</summary>
internal sealed class FftWorker
{
    public FftWorker(int fftLength)
    {
        Fft = new RealFft(fftLength);
        Frame = new float[fftLength];
        Output = new float[fftLength];
        Real = new float[Fft.BinCount];
        Imag = new float[Fft.BinCount];
    }

    public RealFft Fft { get; }

    /// <summary>Time-domain input; only the window region is ever written, so the zero padding stays zero.</summary>
    public float[] Frame { get; }

    /// <summary>Time-domain output of the inverse transform.</summary>
    public float[] Output { get; }

    public float[] Real { get; }

    public float[] Imag { get; }

    /// <summary>Creates one worker per thread (at least one).</summary>
    public static FftWorker[] CreatePool(int fftLength, int threads)
    {
        var pool = new FftWorker[ResolveThreads(threads)];
        for (int i = 0; i < pool.Length; i++)
        {
            pool[i] = new FftWorker(fftLength);
        }

        return pool;
    }

    /// <summary>0 or less means one thread per processor.</summary>
    public static int ResolveThreads(int threads) => threads > 0 ? threads : Environment.ProcessorCount;

    /// <summary>Splits [0, count) into one contiguous range per worker and runs them in parallel.</summary>
    public static void ForEachRange(FftWorker[] workers, int count, Action<FftWorker, int, int> body)
    {
        int parts = Math.Min(workers.Length, Math.Max(count, 1));
        if (parts <= 1)
        {
            body(workers[0], 0, count);
            return;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            int from = (int)((long)count * p / parts);
            int to = (int)((long)count * (p + 1) / parts);
            body(workers[p], from, to);
        });
    }

    /// <summary>Splits [0, count) into <paramref name="parts"/> ranges and runs them in parallel (no FFT needed).</summary>
    public static void ForEachRange(int parts, int count, Action<int, int> body)
    {
        parts = Math.Min(Math.Max(parts, 1), Math.Max(count, 1));
        if (parts <= 1)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            int from = (int)((long)count * p / parts);
            int to = (int)((long)count * (p + 1) / parts);
            body(from, to);
        });
    }
}
