using System.Diagnostics;

namespace RiffusionVst.Plugin.Core.Processing;

/// <summary>
/// Lets an offline bounce wait for the loops a project carried. The engine client marks them as on their way
/// (<see cref="Expect"/>) and as here or failed (<see cref="Release"/>); an offline <see cref="PluginProcessor.Process"/>
/// call waits while they are expected, up to <see cref="Limit"/> in all, so a bounce never renders silence because a
/// stored loop is late. In real time nothing ever waits. Waiting polls an atomic with short sleeps: no lock, no
/// allocation, no I/O (the host allows an offline render to take its time).
/// </summary>
public sealed class OfflineWait
{
    /// <summary>Longest wait by default (restoring a 9-point grid of 8 bars takes seconds even on a slow machine).</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(120);

    private int _expected;
    private int _gaveUp;
    private long _waitedTicks;

    /// <summary>Longest an offline render waits for the stored loops, over all blocks together.</summary>
    public TimeSpan Limit { get; set; } = DefaultLimit;

    /// <summary>Whether stored loops are on their way.</summary>
    public bool IsExpected => Volatile.Read(ref _expected) != 0;

    /// <summary>Whether an offline render stopped waiting because the loops did not come within <see cref="Limit"/>.</summary>
    public bool GaveUp => Volatile.Read(ref _gaveUp) != 0;

    /// <summary>The engine client: stored loops are on their way; an offline render waits for them.</summary>
    public void Expect()
    {
        Volatile.Write(ref _gaveUp, 0);
        Interlocked.Exchange(ref _waitedTicks, 0);
        Volatile.Write(ref _expected, 1);
    }

    /// <summary>The engine client: the stored loops are in the player (or cannot come); nothing waits any more.</summary>
    public void Release() => Volatile.Write(ref _expected, 0);

    /// <summary>The audio thread of an offline render: waits while loops are expected, within what is left of the limit.</summary>
    internal void WaitIfExpected()
    {
        if (Volatile.Read(ref _expected) == 0 || Volatile.Read(ref _gaveUp) != 0)
            return;
        long limit = (long)(Limit.TotalSeconds * Stopwatch.Frequency);
        long started = Stopwatch.GetTimestamp();
        long before = Interlocked.Read(ref _waitedTicks);
        while (Volatile.Read(ref _expected) != 0)
        {
            if (before + (Stopwatch.GetTimestamp() - started) >= limit)
            {
                Volatile.Write(ref _gaveUp, 1);
                break;
            }
            Thread.Sleep(1);
        }
        Interlocked.Exchange(ref _waitedTicks, before + (Stopwatch.GetTimestamp() - started));
    }
}
