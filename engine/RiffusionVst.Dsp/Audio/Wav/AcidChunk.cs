using System.Buffers.Binary;

namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>
/// The 24-byte <c>acid</c> chunk (Sonic Foundry ACID; read by Ableton, Reaper, FL Studio): flags, root note, beats,
/// meter and tempo. NAudio keeps unknown chunks as raw bytes, so their layout lives here, read and written side by side.
/// </summary>
internal static class AcidChunk
{
    /// <summary>The chunk identifier.</summary>
    public const string Id = "acid";

    /// <summary>Bytes in the chunk body.</summary>
    public const int Size = 24;

    private const uint OneShotFlag = 0x01;
    private const uint RootNoteSetFlag = 0x02;
    private const uint StretchFlag = 0x04;

    /// <summary>The chunk body for <paramref name="m"/>: root note set, stretch on, a loop unless it is a one-shot.</summary>
    public static byte[] Encode(WavMetadata m)
    {
        var acid = new byte[Size];
        uint flags = RootNoteSetFlag | StretchFlag;
        if (m.OneShot == true)
        {
            flags |= OneShotFlag;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(acid, flags);
        BinaryPrimitives.WriteUInt16LittleEndian(acid.AsSpan(4), (ushort)(m.RootNote ?? 60));
        BinaryPrimitives.WriteUInt16LittleEndian(acid.AsSpan(6), 0x8000); // unknown field; ACID itself writes 0x8000
        BinaryPrimitives.WriteUInt32LittleEndian(acid.AsSpan(12), (uint)(m.Beats ?? 0));
        BinaryPrimitives.WriteUInt16LittleEndian(acid.AsSpan(16), (ushort)(m.MeterDenominator ?? 4));
        BinaryPrimitives.WriteUInt16LittleEndian(acid.AsSpan(18), (ushort)(m.MeterNumerator ?? 4));
        BinaryPrimitives.WriteSingleLittleEndian(acid.AsSpan(20), (float)(m.Tempo ?? 0));
        return acid;
    }

    /// <summary><paramref name="m"/> with the tempo, beats, meter, root note and loop mode of an acid chunk body.</summary>
    public static WavMetadata Decode(ReadOnlySpan<byte> acid, WavMetadata m)
    {
        if (acid.Length < Size)
        {
            return m;
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(acid);
        return m with
        {
            OneShot = (flags & OneShotFlag) != 0,
            RootNote = (flags & RootNoteSetFlag) != 0 ? BinaryPrimitives.ReadUInt16LittleEndian(acid[4..]) : null,
            Beats = (int)BinaryPrimitives.ReadUInt32LittleEndian(acid[12..]),
            MeterDenominator = BinaryPrimitives.ReadUInt16LittleEndian(acid[16..]),
            MeterNumerator = BinaryPrimitives.ReadUInt16LittleEndian(acid[18..]),
            Tempo = BinaryPrimitives.ReadSingleLittleEndian(acid[20..]),
        };
    }
}
