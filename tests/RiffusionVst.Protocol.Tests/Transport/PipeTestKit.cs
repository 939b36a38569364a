using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Protocol.Tests.Transport;

/// <summary>Real pipes with names no other test uses.</summary>
internal static class PipeTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static string UniqueName() => "rvt-test-" + Guid.NewGuid().ToString("N")[..12];

    public static readonly PipeListenerOptions NoProbe = new() { ProbeBeforeListening = false };

    /// <summary>A listener, a client connected to it, and the server's end of that client.</summary>
    public static async Task<(PipeListener Listener, PipeConnection Client, PipeConnection Server)> ConnectedPairAsync(PipeConnectionOptions? options = null)
    {
        var listener = await PipeListener.StartAsync(UniqueName(), new PipeListenerOptions { ProbeBeforeListening = false, Connection = options ?? PipeConnectionOptions.Default });
        PipeConnection client = await PipeConnection.ConnectAsync(listener.PipeName, Patience, options);
        PipeConnection server = await listener.AcceptAsync().AsTask().WaitAsync(Patience);
        return (listener, client, server);
    }

    public static async Task<Message> NextAsync(this PipeConnection connection) =>
        await connection.Incoming.ReadAsync().AsTask().WaitAsync(Patience);
}
