using System.Buffers.Binary;

namespace RiffusionVst.Protocol.Tests.Framing;

/// <summary>Builds frames by hand, independently of FrameWriter.</summary>
internal static class FrameBytes
{
    public static byte[] Frame(byte[] body) => [.. Header((uint)body.Length), .. body];

    public static byte[] Header(uint length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, length);
        return header;
    }

    /// <summary>[8, [ts, echo]]: a Ping, encoded by hand for small values.</summary>
    public static byte[] PingBody(byte timestamp, byte echo) => [0x92, 0x08, 0x92, timestamp, echo];
}
