using System.Buffers.Binary;
using MessagePack;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Serialization;

namespace RiffusionVst.Protocol.Framing;

/// <summary>
/// Writes messages as frames, header and body in one write. Safe to call from many threads at once:
/// writes are serialised so frames never interleave.
/// </summary>
/// <remarks>The stream is not owned. Cancellation applies while waiting for a turn; once a frame has
/// started it is written whole, because half a frame would corrupt the stream for every later message.</remarks>
public sealed class FrameWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Writes to <paramref name="stream"/>, refusing bodies over <paramref name="maxFrameBytes"/>.</summary>
    public FrameWriter(Stream stream, int maxFrameBytes = FrameFormat.DefaultMaxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameBytes);
        _stream = stream;
        MaxFrameBytes = maxFrameBytes;
    }

    /// <summary>Largest body written.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Encodes and writes one message as one frame.</summary>
    /// <exception cref="ArgumentException">The encoded message is larger than <see cref="MaxFrameBytes"/>.</exception>
    public async ValueTask WriteAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new PooledBufferWriter(FrameFormat.HeaderBytes + MessageSizeEstimate.BodyBytes(message));
        buffer.Advance(FrameFormat.HeaderBytes);
        MessagePackSerializer.Serialize(buffer, message, MessageSerializer.Options);
        int bodyLength = buffer.WrittenCount - FrameFormat.HeaderBytes;
        if (bodyLength > MaxFrameBytes)
            throw new ArgumentException(
                $"The {message.GetType().Name} is {bodyLength} bytes, over the frame limit of {MaxFrameBytes}; send less (fewer bars, mono, no PNG) or raise the limit on both sides.",
                nameof(message));
        BinaryPrimitives.WriteInt32LittleEndian(buffer.WrittenSpan, bodyLength);

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            await _stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _turn.Dispose();
}
