using RiffusionVst.Engine.Service.Generation;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>One run of the generator for one key, shared by every ticket (of any client) that wants that image; guarded by the scheduler's lock.</summary>
internal sealed class DiffusionJob(string key, ImageRequest request, ClientQueue owner)
{
    private readonly List<RenderTicket> _tickets = [];
    private volatile RenderTicket[] _snapshot = [];

    public string Key { get; } = key;

    public ImageRequest Request { get; } = request;

    /// <summary>The queue the job waits in (the client that first asked for it).</summary>
    public ClientQueue Owner { get; } = owner;

    public bool IsRunning { get; set; }

    public CancellationTokenSource Cancellation { get; } = new();

    public int TicketCount => _tickets.Count;

    public IReadOnlyList<RenderTicket> Tickets => _tickets;

    /// <summary>The tickets as of the last change, readable without the lock (progress reports use it).</summary>
    public RenderTicket[] Snapshot => _snapshot;

    public void Attach(RenderTicket ticket)
    {
        _tickets.Add(ticket);
        _snapshot = [.. _tickets];
    }

    public void Detach(RenderTicket ticket)
    {
        if (_tickets.Remove(ticket))
            _snapshot = [.. _tickets];
    }
}
