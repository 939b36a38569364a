using System.IO.Pipes;
using RiffusionVst.Protocol.Framing;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Tests.Framing;
using RiffusionVst.Protocol.Tests.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Protocol.Tests.Transport;

public class PipeConnectionTests
{
    [Fact]
    public async Task Every_message_kind_crosses_a_real_pipe_both_ways()
    {
        var (listener, client, server) = await PipeTestKit.ConnectedPairAsync();
        await using var _ = listener;
        await using var __ = client;
        await using var ___ = server;

        Message[] samples = SampleMessages.All().ToArray();
        foreach (Message m in samples)
            await client.SendAsync(m);
        foreach (Message expected in samples)
            MessageAssert.Equivalent(expected, await server.NextAsync());

        foreach (Message m in samples)
            await server.SendAsync(m);
        foreach (Message expected in samples)
            MessageAssert.Equivalent(expected, await client.NextAsync());
    }

    [Fact]
    public async Task Concurrent_senders_never_interleave_frames()
    {
        var (listener, client, server) = await PipeTestKit.ConnectedPairAsync();
        await using var _ = listener;
        await using var __ = client;
        await using var ___ = server;

        const int senders = 8, perSender = 40;
        Task[] sending = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (int i = 0; i < perSender; i++)
            {
                // Bodies from a few bytes to ~120 KB, so that big writes are split by the kernel.
                int length = (s * 7919 + i * 104729) % 30_000 + 1;
                float value = s * 1000 + i;
                await client.SendAsync(new LoopReady { RequestId = s, Alpha = i, Pcm = [Enumerable.Repeat(value, length).ToArray()] });
            }
        })).ToArray();

        var nextExpected = new int[senders];
        for (int n = 0; n < senders * perSender; n++)
        {
            var loop = Assert.IsType<LoopReady>(await server.NextAsync());
            int s = (int)loop.RequestId, i = (int)loop.Alpha;
            Assert.Equal(nextExpected[s]++, i); // each sender's messages arrive in its order
            Assert.Equal((s * 7919 + i * 104729) % 30_000 + 1, loop.Pcm[0].Length);
            float expected = s * 1000 + i;
            int wrong = Array.FindIndex(loop.Pcm[0], v => v != expected);
            Assert.True(wrong < 0, $"sample {wrong} of sender {s} message {i} is {(wrong < 0 ? 0 : loop.Pcm[0][wrong])}, not {expected}");
        }
        await Task.WhenAll(sending);
        Assert.Equal(0, server.RejectedFrames);
    }

    [Fact]
    public async Task An_undecodable_frame_is_skipped_answered_and_the_next_message_arrives()
    {
        string name = PipeTestKit.UniqueName();
        await using var listener = await PipeListener.StartAsync(name, PipeTestKit.NoProbe);
        await using var raw = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        await raw.ConnectAsync(PipeTestKit.Patience, CancellationToken.None);
        await using PipeConnection server = await listener.AcceptAsync().AsTask().WaitAsync(PipeTestKit.Patience);

        await raw.WriteAsync(FrameBytes.Frame([0xc1, 0x00, 0xff]));
        await raw.WriteAsync(FrameBytes.Frame(FrameBytes.PingBody(9, 1)));

        Assert.Equal(9, Assert.IsType<Ping>(await server.NextAsync()).Timestamp);
        Assert.Equal(1, server.RejectedFrames);
        Assert.True(server.IsConnected);

        FrameReadResult reply = await new FrameReader(raw).ReadAsync().AsTask().WaitAsync(PipeTestKit.Patience);
        var error = Assert.IsType<ErrorMessage>(reply.Message);
        Assert.Equal(ErrorCode.MalformedFrame, error.Code);
        Assert.False(error.Fatal);
    }

    [Fact]
    public async Task An_oversize_length_closes_the_connection_with_a_fatal_error_and_a_reason()
    {
        string name = PipeTestKit.UniqueName();
        await using var listener = await PipeListener.StartAsync(name, new PipeListenerOptions { ProbeBeforeListening = false, Connection = new PipeConnectionOptions { MaxFrameBytes = 1000 } });
        await using var raw = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        await raw.ConnectAsync(PipeTestKit.Patience, CancellationToken.None);
        await using PipeConnection server = await listener.AcceptAsync().AsTask().WaitAsync(PipeTestKit.Patience);

        await raw.WriteAsync(FrameBytes.Header(1001));
        await server.Completion.WaitAsync(PipeTestKit.Patience);
        Assert.Contains("over the limit of 1000", server.CloseReason);
        Assert.False(await server.Incoming.WaitToReadAsync());

        FrameReadResult reply = await new FrameReader(raw).ReadAsync().AsTask().WaitAsync(PipeTestKit.Patience);
        var error = Assert.IsType<ErrorMessage>(reply.Message);
        Assert.Equal(ErrorCode.FrameTooLarge, error.Code);
        Assert.True(error.Fatal);
    }

    [Fact]
    public async Task A_peer_vanishing_mid_frame_ends_the_connection_with_a_truncation_reason()
    {
        string name = PipeTestKit.UniqueName();
        await using var listener = await PipeListener.StartAsync(name, PipeTestKit.NoProbe);
        var raw = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        await raw.ConnectAsync(PipeTestKit.Patience, CancellationToken.None);
        await using PipeConnection server = await listener.AcceptAsync().AsTask().WaitAsync(PipeTestKit.Patience);

        await raw.WriteAsync(FrameBytes.Header(100));
        await raw.WriteAsync(new byte[10]);
        await raw.DisposeAsync();

        await server.Completion.WaitAsync(PipeTestKit.Patience);
        Assert.Contains("10 of the frame's 100 body bytes", server.CloseReason);
    }

    [Fact]
    public async Task Random_bytes_from_a_peer_do_not_crash_the_connection_loop()
    {
        string name = PipeTestKit.UniqueName();
        await using var listener = await PipeListener.StartAsync(name, PipeTestKit.NoProbe);
        await using var raw = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        await raw.ConnectAsync(PipeTestKit.Patience, CancellationToken.None);
        await using PipeConnection server = await listener.AcceptAsync().AsTask().WaitAsync(PipeTestKit.Patience);

        var bytes = new byte[8192];
        new Random(11).NextBytes(bytes);
        await raw.WriteAsync(bytes);
        raw.Close();

        await server.Completion.WaitAsync(PipeTestKit.Patience); // completes, does not throw
        Assert.NotNull(server.CloseReason);
    }

    [Fact]
    public async Task Disposing_one_end_completes_the_other_ends_incoming_messages()
    {
        var (listener, client, server) = await PipeTestKit.ConnectedPairAsync();
        await using var _ = listener;
        await using var __ = server;

        await client.SendAsync(new Ping { Echo = 1 });
        await client.DisposeAsync();

        Assert.Equal(1, Assert.IsType<Ping>(await server.NextAsync()).Echo);
        Assert.False(await server.Incoming.WaitToReadAsync().AsTask().WaitAsync(PipeTestKit.Patience));
        Assert.Equal("the peer closed the pipe", server.CloseReason);
        Assert.Equal("closed by this side", client.CloseReason);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.SendAsync(new Ping()).AsTask());
    }

    [Fact]
    public async Task Connecting_where_no_engine_serves_times_out_with_advice()
    {
        var e = await Assert.ThrowsAsync<TimeoutException>(() => PipeConnection.ConnectAsync(PipeTestKit.UniqueName(), TimeSpan.FromMilliseconds(50)));
        Assert.Contains("start riffusion-engine", e.Message);
    }
}
