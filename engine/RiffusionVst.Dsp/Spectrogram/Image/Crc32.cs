using Hashing = System.IO.Hashing;

namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>The CRC-32 of PNG chunks (ISO-HDLC polynomial, reflected, as in zlib), computed by System.IO.Hashing's vectorised implementation.</summary>
internal static class Crc32
{
    /// <summary>The CRC of a byte span.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Hashing.Crc32.HashToUInt32(data);

    /// <summary>The CRC of two spans one after the other (a PNG chunk's type, then its data).</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var crc = new Hashing.Crc32();
        crc.Append(first);
        crc.Append(second);
        return crc.GetCurrentHashAsUInt32();
    }
}
