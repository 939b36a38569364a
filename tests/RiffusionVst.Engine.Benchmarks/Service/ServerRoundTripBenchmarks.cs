using BenchmarkDotNet.Attributes;
using RiffusionVst.Engine.Service;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Benchmarks.Service;

/// <summary>
/// A small message through the real engine server: the client sends a Ping, the server's session answers through its
/// outbox, the client reads the Pong. Target: p50 ≤ 100 µs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ServerRoundTripBenchmarks
{
    private EngineServer _server = null!;
    private PipeConnection _client = null!;
    private long _sequence;

    [GlobalSetup]
    public async Task SetUp()
    {
        var options = new EngineServerOptions
        {
            PipeName = "rvt-bench-" + Guid.NewGuid().ToString("N")[..12],
            ClipsFolder = null,
            CacheFolder = null,
            Listener = new PipeListenerOptions { ProbeBeforeListening = false },
        };
        _server = await EngineServer.StartAsync(options, new SeedPatternImageGenerator(), new PooledLoopRenderer());
        _client = await PipeConnection.ConnectAsync(_server.PipeName, TimeSpan.FromSeconds(10));
        await Handshake.IntroduceAsync(_client, new Hello { ClientName = "bench" }, TimeSpan.FromSeconds(10));
    }

    [GlobalCleanup]
    public async Task TearDown()
    {
        await _client.DisposeAsync();
        await _server.StopAsync();
    }

    /// <summary>Ping to the server, Pong back.</summary>
    [Benchmark]
    public async Task<long> PingThroughServer()
    {
        await _client.SendAsync(new Ping { Echo = ++_sequence });
        var pong = (Pong)await _client.Incoming.ReadAsync();
        return pong.Echo;
    }
}
