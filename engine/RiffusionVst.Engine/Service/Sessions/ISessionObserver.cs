using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Sessions;

/// <summary>
/// Watches what the service does with its clients (for the control page's live updates) without taking part: it is
/// told about connections, instance changes and every message posted to a client, and must return at once.
/// </summary>
internal interface ISessionObserver
{
    /// <summary>A client said Hello.</summary>
    void Connected(ClientSession session);

    /// <summary>A client left.</summary>
    void Disconnected(ClientSession session);

    /// <summary>A plugin instance's state (name, prompt slots, alpha …) changed.</summary>
    void InstanceChanged(ClientSession session);

    /// <summary>A message (progress, loop, error …) was queued for a client.</summary>
    void Posted(ClientSession session, Message message);
}
