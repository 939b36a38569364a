using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Service.Web.Rendering;

/// <summary>
/// The page's actions go through the engine's own pipe, as any client's do, so they meet the same validation,
/// scheduling and forwarding (a slot set here reaches the plugin by the SetPromptSlot path the CLI uses). Each action
/// has a connection of its own: a render from the Jam page never replaces one from the Generate page.
/// </summary>
internal sealed class EngineLink(string pipeName)
{
    /// <summary>The name page connections introduce themselves with.</summary>
    public const string ClientName = "riffusion-web";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Renders one loop; the answer is the loop (its clip path set) or the engine's error.</summary>
    /// <param name="request">The request (its id is set here).</param>
    /// <param name="job">The page's tag for this render; live progress events carry it.</param>
    /// <param name="cancellationToken">Cancels the wait (the engine cancels the render when the connection closes).</param>
    public async Task<(LoopReady? Loop, string? Problem)> RenderAsync(RenderRequest request, string job, CancellationToken cancellationToken)
    {
        await using PipeConnection connection = await ConnectAsync(job, cancellationToken).ConfigureAwait(false);
        request.RequestId = 1;
        await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await foreach (Message message in connection.Incoming.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (message)
            {
                case LoopReady ready:
                    return (ready, null);
                case ErrorMessage error:
                    return (null, error.Message);
            }
        }
        return (null, "The engine closed the connection before the loop was ready.");
    }

    /// <summary>Sends one message for a plugin instance (a prompt slot, a name, a regenerate) and waits until the engine has taken it.</summary>
    public async Task<string?> SendAsync(Message message, CancellationToken cancellationToken)
    {
        await using PipeConnection connection = await ConnectAsync("", cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
        // A ping answered after the message means the engine has handled it (one connection is handled in order).
        await connection.SendAsync(new Ping { Echo = 1 }, cancellationToken).ConfigureAwait(false);
        await foreach (Message answer in connection.Incoming.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (answer)
            {
                case ErrorMessage error:
                    return error.Message;
                case Pong:
                    return null;
            }
        }
        return "The engine closed the connection.";
    }

    private async Task<PipeConnection> ConnectAsync(string label, CancellationToken cancellationToken)
    {
        PipeConnection connection = await PipeConnection.ConnectAsync(pipeName, Patience, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var hello = new Hello { ClientName = ClientName, ClientVersion = typeof(EngineLink).Assembly.GetName().Version?.ToString(3) ?? "", Label = label };
            await Handshake.IntroduceAsync(connection, hello, Patience, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
