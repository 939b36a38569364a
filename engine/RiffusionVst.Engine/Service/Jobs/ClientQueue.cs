using RiffusionVst.Engine.Service.Sessions;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>One client's waiting image jobs and live tickets; guarded by the scheduler's lock.</summary>
internal sealed class ClientQueue(ClientSession session)
{
    public ClientSession Session { get; } = session;

    /// <summary>Jobs this client asked for first, in the order they should run.</summary>
    public List<DiffusionJob> Jobs { get; } = [];

    /// <summary>Every ticket of this client that is not yet done or dropped.</summary>
    public List<RenderTicket> Tickets { get; } = [];
}
