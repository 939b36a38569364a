using System.Threading.Channels;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Protocol.Transport;

/// <summary>The Hello / Welcome exchange that opens every connection, for both ends.</summary>
public static class Handshake
{
    /// <summary>Client side: sends <paramref name="hello"/> and waits for the engine's <see cref="Welcome"/>.</summary>
    /// <exception cref="ProtocolRefusedException">The engine answered with an error (its text says why) or with something else.</exception>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public static async Task<Welcome> IntroduceAsync(PipeConnection connection, Hello hello, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(hello);
        await connection.SendAsync(hello, cancellationToken).ConfigureAwait(false);
        Message? answer = await FirstMessageAsync(connection, timeout, "the engine's Welcome", cancellationToken).ConfigureAwait(false);
        return answer switch
        {
            Welcome welcome => welcome,
            ErrorMessage error => throw new ProtocolRefusedException($"The engine refused the connection: {error.Message}", error),
            null => throw new ProtocolRefusedException($"The engine closed the pipe without answering ({connection.CloseReason})."),
            _ => throw new ProtocolRefusedException($"The engine answered Hello with {answer.GetType().Name} instead of Welcome; is it a compatible riffusion-engine?"),
        };
    }

    /// <summary>
    /// Engine side: reads the client's <see cref="Hello"/>; answers an acceptable one with the Welcome that
    /// <paramref name="welcome"/> makes and returns the Hello. Otherwise sends a fatal <see cref="ErrorMessage"/>
    /// (<see cref="ErrorCode.VersionMismatch"/> or <see cref="ErrorCode.NotIntroduced"/>) and returns null;
    /// the caller then disposes the connection.
    /// </summary>
    /// <exception cref="TimeoutException">The client said nothing within <paramref name="timeout"/>.</exception>
    public static async Task<Hello?> AcceptAsync(PipeConnection connection, Func<Hello, Welcome> welcome, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(welcome);
        Message? first = await FirstMessageAsync(connection, timeout, "the client's Hello", cancellationToken).ConfigureAwait(false);
        if (first is null)
            return null;
        ErrorMessage? refusal = first is Hello hello
            ? MessageValidator.CheckVersion(hello)
            : ErrorMessage.Create(ErrorCode.NotIntroduced, $"The first message must be Hello, not {first.GetType().Name}; send Hello with the protocol version first.", fatal: true);
        if (refusal is not null)
        {
            await SendQuietlyAsync(connection, refusal, cancellationToken).ConfigureAwait(false);
            return null;
        }
        Hello accepted = (Hello)first;
        await connection.SendAsync(welcome(accepted), cancellationToken).ConfigureAwait(false);
        return accepted;
    }

    private static async Task<Message?> FirstMessageAsync(PipeConnection connection, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await connection.Incoming.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited {timeout.TotalMilliseconds:0} ms for {what}; the other side is not answering.");
        }
    }

    private static async Task SendQuietlyAsync(PipeConnection connection, Message message, CancellationToken cancellationToken)
    {
        try
        {
            await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The client is gone already; there is nobody left to tell.
        }
    }
}
