using RiffusionVst.Engine.Service;
using RiffusionVst.Engine.Service.Sessions;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>A real <see cref="ClientSession"/> on the engine's end of a real pipe, with the client's end to read what it was sent.</summary>
internal sealed class SessionOverPipe : IAsyncDisposable
{
    private readonly PipeListener _listener;

    private SessionOverPipe(PipeListener listener, ClientSession session, TestClient client)
    {
        _listener = listener;
        Session = session;
        Client = client;
    }

    public ClientSession Session { get; }

    public TestClient Client { get; }

    public static async Task<SessionOverPipe> OpenAsync()
    {
        var listener = await PipeListener.StartAsync(TestEngine.UniquePipe(), new PipeListenerOptions { ProbeBeforeListening = false });
        Task<PipeConnection> connecting = PipeConnection.ConnectAsync(listener.PipeName, TestEngine.Patience);
        PipeConnection engineEnd = await listener.AcceptAsync().AsTask().WaitAsync(TestEngine.Patience);
        PipeConnection clientEnd = await connecting;
        var session = new ClientSession(1, engineEnd, new Hello { ClientName = "test" }, new ServiceCounters());
        return new SessionOverPipe(listener, session, new TestClient(clientEnd, new Welcome()));
    }

    public async ValueTask DisposeAsync()
    {
        await Session.CloseAsync(TestEngine.Patience);
        await Client.DisposeAsync();
        await _listener.DisposeAsync();
    }
}
