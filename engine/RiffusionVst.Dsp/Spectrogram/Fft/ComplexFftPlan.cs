using System.Collections.Concurrent;

namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>How to transform one complex length: a list of Stockham passes, or Bluestein's algorithm when a prime factor is large.</summary>
/// <remarks>Immutable once built and cached per length, so every <see cref="ComplexFft"/> of that length shares it.</remarks>
internal sealed class ComplexFftPlan
{
    /// <summary>Largest prime handled by the generic odd butterfly; beyond it Bluestein is cheaper (the butterfly costs O(p²)).</summary>
    internal const int LargestDirectPrime = 31;

    private static readonly ConcurrentDictionary<int, ComplexFftPlan> Cache = new();

    private ComplexFftPlan(int length)
    {
        Length = length;
        List<int>? radices = Factorise(length);
        if (radices is null)
        {
            Stages = [];
            Bluestein = new BluesteinPlan(length);
            return;
        }

        Stages = new FftStage[radices.Count];
        int stride = 1;
        int remaining = length;
        for (int i = 0; i < radices.Count; i++)
        {
            remaining /= radices[i];
            Stages[i] = new FftStage(radices[i], stride, remaining);
            stride *= radices[i];
        }
    }

    /// <summary>Number of complex points.</summary>
    public int Length { get; }

    /// <summary>The passes in order; empty for length 1 or when <see cref="Bluestein"/> is used.</summary>
    public FftStage[] Stages { get; }

    /// <summary>Chirp-z data when the length has a prime factor above <see cref="LargestDirectPrime"/>; otherwise null.</summary>
    public BluesteinPlan? Bluestein { get; }

    /// <summary>The shared plan for <paramref name="length"/>, built on first use (thread-safe).</summary>
    public static ComplexFftPlan Get(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return Cache.GetOrAdd(length, static n => new ComplexFftPlan(n));
    }

    /// <summary>Radices in pass order, or null when a prime factor is too large for a direct butterfly.</summary>
    /// <remarks>
    /// The first pass is a radix 4 when there is one (its vector transpose is the fastest), otherwise the largest radix,
    /// so the second pass already has a stride of 4 or more; the rest follow smallest first, which measured fastest
    /// for 8 820 and 2 205 (the vector passes prefer the costly radix-7 butterflies at long strides).
    /// </remarks>
    internal static List<int>? Factorise(int length)
    {
        var primes = new List<int>();
        int rest = length;
        for (int p = 2; (long)p * p <= rest; p++)
        {
            while (rest % p == 0)
            {
                primes.Add(p);
                rest /= p;
            }
        }

        if (rest > 1)
        {
            primes.Add(rest);
        }

        if (primes.Count > 0 && primes[^1] > LargestDirectPrime)
        {
            return null;
        }

        int twos = primes.Count(p => p == 2);
        var radices = new List<int>();
        for (int i = 0; i < twos / 2; i++)
        {
            radices.Add(4);
        }

        var others = primes.Where(p => p != 2).ToList();
        if (twos % 2 == 1)
        {
            others.Add(2);
        }

        others.Sort();
        var ordered = new List<int>();
        if (radices.Count > 0)
        {
            ordered.Add(4);
            radices.RemoveAt(0);
        }
        else if (others.Count > 0)
        {
            ordered.Add(others[^1]);
            others.RemoveAt(others.Count - 1);
        }

        ordered.AddRange(others);
        ordered.AddRange(radices);
        return ordered;
    }
}
