using RiffusionVst.Protocol.Framing;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Tests.Framing;

public class FrameReaderTests
{
    private static FrameReader Over(byte[] bytes, int max = 1024) => new(new MemoryStream(bytes), max);

    [Fact]
    public async Task A_hand_built_frame_is_read()
    {
        FrameReadResult r = await Over(FrameBytes.Frame(FrameBytes.PingBody(3, 4))).ReadAsync();
        Assert.Equal(FrameReadStatus.Message, r.Status);
        var ping = Assert.IsType<Ping>(r.Message);
        Assert.Equal(3, ping.Timestamp);
        Assert.Equal(4, ping.Echo);
        Assert.Equal(5, r.BodyLength);
    }

    [Fact]
    public async Task An_empty_stream_is_a_clean_end()
    {
        FrameReadResult r = await Over([]).ReadAsync();
        Assert.Equal(FrameReadStatus.EndOfStream, r.Status);
        Assert.False(r.CanContinue);
    }

    [Fact]
    public async Task A_length_over_the_limit_is_refused_before_reading_the_body()
    {
        FrameReadResult r = await Over(FrameBytes.Header(1025)).ReadAsync();
        Assert.Equal(FrameReadStatus.InvalidLength, r.Status);
        Assert.Contains("over the limit of 1024", r.Error);
        Assert.False(r.CanContinue);
    }

    [Fact]
    public async Task A_length_of_four_gigabytes_is_refused_without_allocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        FrameReadResult r = await new FrameReader(new MemoryStream(FrameBytes.Header(uint.MaxValue))).ReadAsync();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(FrameReadStatus.InvalidLength, r.Status);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task A_zero_length_is_refused()
    {
        FrameReadResult r = await Over(FrameBytes.Header(0)).ReadAsync();
        Assert.Equal(FrameReadStatus.InvalidLength, r.Status);
        Assert.Contains("0 bytes", r.Error);
    }

    [Fact]
    public async Task A_stream_ending_inside_the_header_is_truncated()
    {
        FrameReadResult r = await Over([5, 0]).ReadAsync();
        Assert.Equal(FrameReadStatus.Truncated, r.Status);
        Assert.Contains("2 of the 4 length bytes", r.Error);
    }

    [Fact]
    public async Task A_stream_ending_inside_the_body_is_truncated()
    {
        byte[] frame = FrameBytes.Frame(FrameBytes.PingBody(1, 2));
        FrameReadResult r = await Over(frame[..^2]).ReadAsync();
        Assert.Equal(FrameReadStatus.Truncated, r.Status);
        Assert.Contains("3 of the frame's 5 body bytes", r.Error);
    }

    [Fact]
    public async Task After_an_undecodable_body_the_next_frame_is_still_read()
    {
        byte[] garbage = [0xc1, 0xc1, 0xc1]; // 0xc1 is "never used" in MessagePack.
        byte[] unknownKind = [0x92, 0x7f, 0x90];
        FrameReader reader = Over([.. FrameBytes.Frame(garbage), .. FrameBytes.Frame(unknownKind), .. FrameBytes.Frame(FrameBytes.PingBody(7, 8))]);

        FrameReadResult first = await reader.ReadAsync();
        Assert.Equal(FrameReadStatus.Undecodable, first.Status);
        Assert.True(first.CanContinue);
        Assert.Contains("3-byte frame", first.Error);

        FrameReadResult second = await reader.ReadAsync();
        Assert.Equal(FrameReadStatus.Undecodable, second.Status);
        Assert.Contains("unknown message kind", second.Error);

        FrameReadResult third = await reader.ReadAsync();
        Assert.Equal(7, Assert.IsType<Ping>(third.Message).Timestamp);
        Assert.Equal(FrameReadStatus.EndOfStream, (await reader.ReadAsync()).Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Random_bytes_end_in_an_error_result_not_an_exception(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        FrameReader reader = Over(bytes, max: 64 * 1024);
        FrameReadResult r;
        int frames = 0;
        do
        {
            r = await reader.ReadAsync();
            frames++;
        }
        while (r.CanContinue && frames < 10_000);
        Assert.True(frames < 10_000, "the reader never stopped");
        Assert.Contains(r.Status, new[] { FrameReadStatus.InvalidLength, FrameReadStatus.Truncated, FrameReadStatus.EndOfStream });
        Assert.True(r.Status == FrameReadStatus.EndOfStream || !string.IsNullOrEmpty(r.Error));
    }

    [Fact]
    public async Task A_stream_delivering_one_byte_at_a_time_still_yields_whole_frames()
    {
        byte[] frames = [.. FrameBytes.Frame(FrameBytes.PingBody(1, 1)), .. FrameBytes.Frame(FrameBytes.PingBody(2, 2))];
        var reader = new FrameReader(new TricklingStream(frames));
        Assert.Equal(1, Assert.IsType<Ping>((await reader.ReadAsync()).Message).Echo);
        Assert.Equal(2, Assert.IsType<Ping>((await reader.ReadAsync()).Message).Echo);
    }

    private sealed class TricklingStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
