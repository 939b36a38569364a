namespace RiffusionVst.Plugin.Core.Threading;

/// <summary>
/// A <see cref="Mailbox{T}"/> that carries no value, for a request like "forget the captured seed": raised any
/// number of times from any thread, taken once by the thread that acts on it. Lock-free and allocation-free.
/// </summary>
internal sealed class MailboxFlag
{
    private int _raised;

    /// <summary>Raises the flag; raising it again before it is taken changes nothing.</summary>
    public void Raise() => Volatile.Write(ref _raised, 1);

    /// <summary>Whether the flag was raised since the last take; lowers it.</summary>
    public bool TryTake() => Interlocked.Exchange(ref _raised, 0) != 0;
}
