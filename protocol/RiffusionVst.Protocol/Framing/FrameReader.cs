using System.Buffers;
using System.Buffers.Binary;
using MessagePack;
using RiffusionVst.Protocol.Serialization;

namespace RiffusionVst.Protocol.Framing;

/// <summary>
/// Reads length-prefixed MessagePack frames from a stream. Bad data becomes a <see cref="FrameReadResult"/>
/// with an error, never an exception; only cancellation and I/O failures of the stream itself throw.
/// </summary>
/// <remarks>Not thread-safe: one read loop per reader. The stream is not owned.</remarks>
public sealed class FrameReader
{
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[FrameFormat.HeaderBytes];

    /// <summary>Reads from <paramref name="stream"/>, refusing bodies over <paramref name="maxFrameBytes"/>.</summary>
    public FrameReader(Stream stream, int maxFrameBytes = FrameFormat.DefaultMaxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameBytes);
        _stream = stream;
        MaxFrameBytes = maxFrameBytes;
    }

    /// <summary>Largest body accepted.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Reads the next frame.</summary>
    public async ValueTask<FrameReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        int got = await ReadUpToAsync(_header, cancellationToken).ConfigureAwait(false);
        if (got == 0)
            return FrameReadResult.Ended();
        if (got < FrameFormat.HeaderBytes)
            return FrameReadResult.Failed(FrameReadStatus.Truncated, $"The stream ended after {got} of the {FrameFormat.HeaderBytes} length bytes.", 0);

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(_header);
        if (length == 0)
            return FrameReadResult.Failed(FrameReadStatus.InvalidLength, "A frame declared a body of 0 bytes; every message has at least one byte.", 0);
        if (length > MaxFrameBytes)
            return FrameReadResult.Failed(FrameReadStatus.InvalidLength,
                $"A frame declared a body of {length} bytes, over the limit of {MaxFrameBytes}; the peer is not speaking this protocol or sent too large a message.", length);

        int bodyLength = (int)length;
        byte[] body = ArrayPool<byte>.Shared.Rent(bodyLength);
        try
        {
            got = await ReadUpToAsync(body.AsMemory(0, bodyLength), cancellationToken).ConfigureAwait(false);
            if (got < bodyLength)
                return FrameReadResult.Failed(FrameReadStatus.Truncated, $"The stream ended after {got} of the frame's {bodyLength} body bytes.", length);
            try
            {
                return FrameReadResult.Decoded(MessageSerializer.Deserialize(body.AsMemory(0, bodyLength)), length);
            }
            catch (MessagePackSerializationException e)
            {
                return FrameReadResult.Failed(FrameReadStatus.Undecodable, $"A {bodyLength}-byte frame is not a known message and was skipped: {Innermost(e).Message}", length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private async ValueTask<int> ReadUpToAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await _stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }
}
