namespace RiffusionVst.Engine.Service;

/// <summary>Counts of what the service did, readable at any time (for tests, benchmarks and the log).</summary>
public sealed class ServiceCounters
{
    private long _diffusionRuns;
    private long _cancelledRuns;
    private long _unusedRuns;
    private long _cacheHits;
    private long _loopsDelivered;
    private long _superseded;
    private long _errorsSent;
    private long _clientsServed;

    /// <summary>Times the image generator was run (a cache hit or retime does not count).</summary>
    public long DiffusionRuns => Interlocked.Read(ref _diffusionRuns);

    /// <summary>Generator runs stopped early: by a cancel, a disconnect, a newer render that no longer wants them, or shutdown.</summary>
    public long CancelledRuns => Interlocked.Read(ref _cancelledRuns);

    /// <summary>Generator runs that finished with no request left to use them (the image is still cached); superseding stops such runs, so this stays near 0.</summary>
    public long UnusedRuns => Interlocked.Read(ref _unusedRuns);

    /// <summary>Loops whose image came from the cache (memory or disk) instead of the generator.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>LoopReady messages sent.</summary>
    public long LoopsDelivered => Interlocked.Read(ref _loopsDelivered);

    /// <summary>Loops dropped before delivery because the same client sent a newer render.</summary>
    public long Superseded => Interlocked.Read(ref _superseded);

    /// <summary>Error messages sent to clients.</summary>
    public long ErrorsSent => Interlocked.Read(ref _errorsSent);

    /// <summary>Clients that completed the handshake.</summary>
    public long ClientsServed => Interlocked.Read(ref _clientsServed);

    internal void DiffusionRun() => Interlocked.Increment(ref _diffusionRuns);

    internal void CancelledRun() => Interlocked.Increment(ref _cancelledRuns);

    internal void UnusedRun() => Interlocked.Increment(ref _unusedRuns);

    internal void CacheHit() => Interlocked.Increment(ref _cacheHits);

    internal void LoopDelivered() => Interlocked.Increment(ref _loopsDelivered);

    internal void SupersededLoops(int count) => Interlocked.Add(ref _superseded, count);

    internal void ErrorSent() => Interlocked.Increment(ref _errorsSent);

    internal void ClientServed() => Interlocked.Increment(ref _clientsServed);

    /// <inheritdoc/>
    public override string ToString() =>
        $"diffusion runs {DiffusionRuns} (cancelled {CancelledRuns}, unused {UnusedRuns}), cache hits {CacheHits}, " +
        $"loops delivered {LoopsDelivered}, superseded {Superseded}, errors sent {ErrorsSent}, clients {ClientsServed}";
}
