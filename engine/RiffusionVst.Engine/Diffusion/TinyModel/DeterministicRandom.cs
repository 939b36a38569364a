namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>A small seeded generator (xorshift64*) so the tiny weights never depend on the runtime's Random.</summary>
internal sealed class DeterministicRandom
{
    private ulong _state;

    /// <summary>Starts the sequence for a seed.</summary>
    public DeterministicRandom(int seed) => _state = 0x9E3779B97F4A7C15UL ^ (ulong)(uint)seed;

    /// <summary>A uniform value in [−1, 1).</summary>
    public float NextSigned()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        ulong value = _state * 0x2545F4914F6CDD1DUL;
        return (float)((value >> 40) / (double)(1UL << 24) * 2.0 - 1.0);
    }
}
