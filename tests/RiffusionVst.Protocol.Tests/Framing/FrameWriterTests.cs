using System.Buffers.Binary;
using RiffusionVst.Protocol.Framing;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Tests.Framing;

public class FrameWriterTests
{
    [Fact]
    public async Task A_frame_is_a_little_endian_length_then_the_body()
    {
        var stream = new MemoryStream();
        using var writer = new FrameWriter(stream);
        await writer.WriteAsync(new Ping { Timestamp = 3, Echo = 4 });
        Assert.Equal(FrameBytes.Frame(FrameBytes.PingBody(3, 4)), stream.ToArray());
    }

    [Fact]
    public async Task Header_and_body_go_out_in_one_write()
    {
        var stream = new CountingStream();
        using var writer = new FrameWriter(stream);
        await writer.WriteAsync(new LoopReady { Pcm = [new float[50_000]] });
        Assert.Equal(1, stream.Writes);
        Assert.Equal(stream.Length - 4, BinaryPrimitives.ReadInt32LittleEndian(stream.ToArray()));
    }

    [Fact]
    public async Task A_message_over_the_limit_is_refused_and_nothing_is_written()
    {
        var stream = new MemoryStream();
        using var writer = new FrameWriter(stream, maxFrameBytes: 1000);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(new LoopReady { Pcm = [new float[1000]] }).AsTask());
        Assert.Contains("over the frame limit of 1000", e.Message);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task Concurrent_writers_never_interleave_even_when_the_stream_writes_in_pieces()
    {
        // Linux sockets queue whole sends, so a pipe alone may hide a missing lock; this stream does not.
        var stream = new ChunkingStream();
        using var writer = new FrameWriter(stream);
        const int writers = 6, perWriter = 20;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < perWriter; i++)
                await writer.WriteAsync(new LoopReady { RequestId = w, Alpha = i, Pcm = [Enumerable.Repeat((float)(w * 100 + i), 700 + 37 * i).ToArray()] });
        })));

        var reader = new FrameReader(new MemoryStream(stream.ToArray()));
        var next = new int[writers];
        for (int n = 0; n < writers * perWriter; n++)
        {
            FrameReadResult r = await reader.ReadAsync();
            var loop = Assert.IsType<LoopReady>(r.Message);
            int w = (int)loop.RequestId, i = (int)loop.Alpha;
            Assert.Equal(next[w]++, i);
            Assert.Equal(700 + 37 * i, loop.Pcm[0].Length);
            Assert.True(loop.Pcm[0].All(v => v == w * 100 + i));
        }
        Assert.Equal(FrameReadStatus.EndOfStream, (await reader.ReadAsync()).Status);
    }

    /// <summary>Writes 512 bytes at a time and yields between pieces, as a slow pipe might.</summary>
    private sealed class ChunkingStream : MemoryStream
    {
        private readonly object _gate = new();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (int offset = 0; offset < buffer.Length; offset += 512)
            {
                lock (_gate)
                    Write(buffer.Span.Slice(offset, Math.Min(512, buffer.Length - offset)));
                await Task.Yield();
            }
        }
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Writes++;
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }
    }
}
