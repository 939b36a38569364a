using System.Diagnostics.CodeAnalysis;

namespace RiffusionVst.Plugin.Core.Threading;

/// <summary>
/// A single-slot, latest-wins hand-off between threads (JUCE's <c>AbstractFifo</c> idea cut down to one slot): a
/// post replaces whatever waits untaken, a take empties the slot, a peek looks without taking. Every operation is one
/// atomic read, write or exchange: no lock, no allocation, no wait, so the audio thread may be on either side.
/// </summary>
/// <remarks>
/// The plugin's hand-offs all want the newest value and never a queue: a grid for the player (the audio thread
/// peeks at the newest and swaps when it differs from what it plays), a capture armed for the audio thread and the
/// take it finishes, a project's grid to restore. What is posted must be immutable, or owned by the receiver from
/// the post on: the box hands over a reference, not a copy.
/// </remarks>
internal sealed class Mailbox<T> where T : class
{
    private T? _slot;

    /// <summary>Puts <paramref name="value"/> in the box, replacing what waits there untaken; null withdraws it.</summary>
    public void Post(T? value) => Volatile.Write(ref _slot, value);

    /// <summary>Takes what waits, leaving the box empty; each posted value is taken at most once.</summary>
    public bool TryTake([NotNullWhen(true)] out T? value)
    {
        value = Interlocked.Exchange(ref _slot, null);
        return value is not null;
    }

    /// <summary>What waits (null: nothing), left in the box.</summary>
    public T? Peek() => Volatile.Read(ref _slot);
}
