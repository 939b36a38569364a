using System.Buffers.Binary;

namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>
/// The <c>smpl</c> chunk (MMA sampler chunk): a 36-byte header then 24 bytes a loop. We write one forward loop and read
/// the first loop back. NAudio keeps unknown chunks as raw bytes, so the layout lives here.
/// </summary>
internal static class SmplChunk
{
    /// <summary>The chunk identifier.</summary>
    public const string Id = "smpl";

    private const int HeaderSize = 36;
    private const int LoopSize = 24;
    private const uint ForwardLoop = 0;

    /// <summary>The chunk body: sample period and MIDI unity note of the clip, and the loop of <paramref name="m"/> (the whole clip by default).</summary>
    /// <exception cref="ArgumentException">The loop is not a valid sample range.</exception>
    public static byte[] Encode(WavMetadata m, int sampleRate, int length)
    {
        long start = m.LoopStart ?? 0;
        long end = m.LoopEnd ?? length - 1L;
        if (start < 0 || end < start || end > uint.MaxValue)
        {
            throw new ArgumentException($"Loop {start}..{end} is not a valid sample range (0 ≤ start ≤ end).", nameof(m));
        }

        var smpl = new byte[HeaderSize + LoopSize];
        BinaryPrimitives.WriteUInt32LittleEndian(smpl.AsSpan(8), (uint)Math.Round(1e9 / sampleRate)); // sample period, ns
        BinaryPrimitives.WriteUInt32LittleEndian(smpl.AsSpan(12), (uint)(m.RootNote ?? 60));
        BinaryPrimitives.WriteUInt32LittleEndian(smpl.AsSpan(28), 1); // one loop
        var loop = smpl.AsSpan(HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(loop[4..], ForwardLoop);
        BinaryPrimitives.WriteUInt32LittleEndian(loop[8..], (uint)start);
        BinaryPrimitives.WriteUInt32LittleEndian(loop[12..], (uint)end);
        return smpl;
    }

    /// <summary><paramref name="m"/> with the first loop of a smpl chunk body (unchanged when it lists none).</summary>
    public static WavMetadata Decode(ReadOnlySpan<byte> smpl, WavMetadata m)
    {
        if (smpl.Length < HeaderSize + LoopSize || BinaryPrimitives.ReadUInt32LittleEndian(smpl[28..]) == 0)
        {
            return m;
        }

        var loop = smpl[HeaderSize..];
        return m with
        {
            LoopStart = BinaryPrimitives.ReadUInt32LittleEndian(loop[8..]),
            LoopEnd = BinaryPrimitives.ReadUInt32LittleEndian(loop[12..]),
        };
    }
}
