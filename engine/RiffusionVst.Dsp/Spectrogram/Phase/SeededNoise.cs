namespace RiffusionVst.Dsp.Spectrogram.Phase;

/// <summary>Counter-based random numbers (SplitMix64 of seed and index), so parallel workers draw the same values in any order.</summary>
internal static class SeededNoise
{
    /// <summary>A uniform value in [0, 1) for (<paramref name="seed"/>, <paramref name="stream"/>, <paramref name="index"/>).</summary>
    public static float Uniform(int seed, int stream, long index)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)stream << 40) ^ (ulong)index);
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 40) * (1f / (1 << 24));
    }
}
