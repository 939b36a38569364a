using BenchmarkDotNet.Attributes;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>
/// Message transport over a real named pipe (a Unix domain socket on Linux/macOS), both ends in this process.
/// Targets: ping round trip p50 ≤ 100 µs; a 2 MiB LoopReady delivered (encoded, sent, received, decoded) in ≤ 5 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PipeTransportBenchmarks
{
    private PipeListener _listener = null!;
    private PipeConnection _client = null!;
    private PipeConnection _server = null!;
    private LoopReady _loop = null!;
    private long _sequence;

    [GlobalSetup]
    public async Task SetUp()
    {
        string name = "rvt-bench-" + Guid.NewGuid().ToString("N")[..12];
        _listener = await PipeListener.StartAsync(name, new PipeListenerOptions { ProbeBeforeListening = false });
        _client = await PipeConnection.ConnectAsync(name, TimeSpan.FromSeconds(10));
        _server = await _listener.AcceptAsync();

        // 2 channels × 262 144 float samples = 2 MiB of PCM (about 3 s of stereo at 44.1 kHz).
        var channel = new float[262_144];
        for (int i = 0; i < channel.Length; i++)
            channel[i] = MathF.Sin(i * 0.01f);
        _loop = new LoopReady { RequestId = 1, GenerationKey = "bench", Bpm = 120, Bars = 2, BeatsPerBar = 4, SampleRate = 44100, Pcm = [channel, channel] };
    }

    [GlobalCleanup]
    public async Task TearDown()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        await _listener.DisposeAsync();
    }

    /// <summary>Client sends a Ping, the server end answers with a Pong, the client receives it.</summary>
    [Benchmark]
    public async Task<long> PingRoundTrip()
    {
        await _client.SendAsync(new Ping { Timestamp = 1, Echo = ++_sequence });
        var ping = (Ping)await _server.Incoming.ReadAsync();
        await _server.SendAsync(Pong.For(ping));
        var pong = (Pong)await _client.Incoming.ReadAsync();
        return pong.Echo;
    }

    /// <summary>One 2 MiB LoopReady from the server end to the client, decoded.</summary>
    [Benchmark]
    public async Task<int> DeliverLoopReady2MiB()
    {
        ValueTask sending = _server.SendAsync(_loop);
        var received = (LoopReady)await _client.Incoming.ReadAsync();
        await sending;
        return received.Pcm[1].Length;
    }
}
