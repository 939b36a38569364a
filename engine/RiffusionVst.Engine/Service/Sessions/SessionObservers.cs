using RiffusionVst.Engine.Service.Logging;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Sessions;

/// <summary>The observers of one server, told in turn; an observer that throws is logged and never stops the service.</summary>
internal sealed class SessionObservers(EngineLog log) : ISessionObserver
{
    private volatile ISessionObserver[] _observers = [];
    private readonly Lock _gate = new();

    public void Add(ISessionObserver observer)
    {
        lock (_gate)
            _observers = [.. _observers, observer];
    }

    public void Remove(ISessionObserver observer)
    {
        lock (_gate)
            _observers = [.. _observers.Where(o => o != observer)];
    }

    public void Connected(ClientSession session) => Tell(o => o.Connected(session));

    public void Disconnected(ClientSession session) => Tell(o => o.Disconnected(session));

    public void InstanceChanged(ClientSession session) => Tell(o => o.InstanceChanged(session));

    public void Posted(ClientSession session, Message message)
    {
        // The common case (no control page) costs one volatile read.
        if (_observers.Length > 0)
            Tell(o => o.Posted(session, message));
    }

    private void Tell(Action<ISessionObserver> call)
    {
        foreach (var observer in _observers)
        {
            try
            {
                call(observer);
            }
            catch (Exception e)
            {
                log.Error($"a session observer failed: {e}");
            }
        }
    }
}
