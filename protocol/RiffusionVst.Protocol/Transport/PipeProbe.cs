using System.IO.Pipes;

namespace RiffusionVst.Protocol.Transport;

/// <summary>Finds out whether something is serving a pipe name by trying to connect.</summary>
public static class PipeProbe
{
    /// <summary>Default wait for a probe; a live local engine accepts in well under a millisecond.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// True when a server accepted a connection on <paramref name="pipeName"/> within <paramref name="timeout"/>.
    /// The probe connection is closed at once; the server sees a client that leaves without a word.
    /// A server of another user counts as serving.
    /// </summary>
    public static async Task<bool> IsServedAsync(string pipeName, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeName);
        await using var client = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        try
        {
            await client.ConnectAsync(timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            // Someone serves it, but as another user: the name is taken all the same.
            return true;
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
            return false;
        }
    }
}
