using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Sessions;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>
/// What the scheduler tells about the loops it was asked for: its only way out to the clients. The one implementation,
/// <see cref="ClientMessages"/>, turns each event into the protocol message the ticket's client gets. Called outside
/// the scheduler's lock, from the scheduler's and the stages' threads; must return at once.
/// </summary>
internal interface IRenderObserver
{
    /// <summary>The ticket's image job waits; <paramref name="runsAhead"/> generator runs come before it.</summary>
    void Queued(RenderTicket ticket, int runsAhead);

    /// <summary>A stage (generator or delivery) advanced for the ticket.</summary>
    void Progressed(RenderTicket ticket, ProgressStage stage, int step, int total);

    /// <summary>The client's newer request dropped the loops of <paramref name="requestId"/> not yet delivered.</summary>
    void Superseded(ClientSession client, long requestId, long newerRequestId);

    /// <summary>The ticket's loop is ready: <paramref name="loop"/>, made from <paramref name="generation"/>.</summary>
    void Delivered(RenderTicket ticket, CachedGeneration generation, RenderedLoop loop);

    /// <summary>The generator refused the ticket's image as asking for something this model cannot do (the client's to change).</summary>
    void GenerationRefused(RenderTicket ticket, string reason);

    /// <summary>The generator failed on the ticket's image.</summary>
    void GenerationFailed(RenderTicket ticket, string reason);

    /// <summary>Turning the ticket's image into its loop failed.</summary>
    void DeliveryFailed(RenderTicket ticket, string reason);

    /// <summary>The engine stopped the ticket's image job (it is shutting down) before the loop was made.</summary>
    void Stopped(RenderTicket ticket);
}
