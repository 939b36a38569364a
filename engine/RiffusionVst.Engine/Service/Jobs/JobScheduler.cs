using System.Diagnostics;
using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Logging;
using RiffusionVst.Engine.Service.Sessions;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>
/// Decides which image job runs next and hands finished images on to <see cref="LoopDelivery"/>.
/// </summary>
/// <remarks>
/// Rules: every client has its own queue and clients take turns (round-robin) for the generator; at most
/// <c>maxConcurrentJobs</c> generator runs at once. A client's newer render drops the loops of its older renders that
/// are not yet being reconstructed; a running job the new request also wants (same key) carries on for it, and one that
/// no request wants any more stops at its next step. So superseding never leaves the generator finishing work nobody
/// uses. The new request's loops run nearest-to-current-alpha first. One key runs once
/// however many tickets (of any client) want it; a cached key skips the generator. A cancel or disconnect drops the
/// client's tickets and stops a running job no one else wants at its next step. All state sits under one lock, which
/// is never held while the generator runs or a message is sent.
/// </remarks>
internal sealed class JobScheduler
{
    private readonly Lock _gate = new();
    private readonly List<ClientQueue> _ring = [];
    private readonly Dictionary<ClientSession, ClientQueue> _queues = [];
    private readonly Dictionary<string, DiffusionJob> _jobs = [];
    private readonly List<DiffusionJob> _running = [];
    private readonly List<Task> _runningTasks = [];
    private readonly IImageGenerator _generator;
    private readonly GenerationCache _cache;
    private readonly LoopDelivery _delivery;
    private readonly ServiceCounters _counters;
    private readonly EngineLog _log;
    private readonly int _maxConcurrentJobs;
    private int _nextTurn;
    private bool _shuttingDown;

    public JobScheduler(IImageGenerator generator, GenerationCache cache, LoopDelivery delivery, ServiceCounters counters, EngineLog log, int maxConcurrentJobs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentJobs, 1);
        _generator = generator;
        _cache = cache;
        _delivery = delivery;
        _counters = counters;
        _log = log;
        _maxConcurrentJobs = maxConcurrentJobs;
    }

    public void AddClient(ClientSession session)
    {
        lock (_gate)
        {
            var queue = new ClientQueue(session);
            _queues.Add(session, queue);
            _ring.Add(queue);
        }
    }

    /// <summary>Takes a client's render request as tickets in render order; supersedes its older render requests.</summary>
    public void Submit(ClientSession session, long requestId, IReadOnlyList<RenderTicket> tickets)
    {
        // Disk lookups read a PNG: do them before taking the lock.
        var cached = tickets.Select(t => _cache.TryGet(t.Key, out var g) ? g : null).ToArray();
        var deliveries = new List<(RenderTicket, CachedGeneration)>();
        var ended = new List<long>();
        List<DiffusionJob> toStart;
        Dictionary<RenderTicket, int> ahead;
        lock (_gate)
        {
            if (_shuttingDown || !_queues.TryGetValue(session, out var queue))
                return;
            queue.LatestRenderRequest = requestId;
            var touched = new HashSet<long>();
            var orphans = new List<DiffusionJob>();
            int superseded = 0;
            foreach (var old in queue.Tickets.ToList())
            {
                // Every loop of an older render goes, unless it is already being reconstructed.
                if (old.IsRetime || old.RequestId == requestId || old.State is TicketState.Reconstructing)
                    continue;
                if (old.State == TicketState.Diffusing && old.Job is { } running)
                    orphans.Add(running);
                Drop(queue, old, stopOrphanedJob: false);
                touched.Add(old.RequestId);
                superseded++;
            }

            _counters.SupersededLoops(superseded);
            ended.AddRange(touched);

            for (int i = 0; i < tickets.Count; i++)
            {
                RenderTicket ticket = tickets[i];
                queue.Tickets.Add(ticket);
                // A job may have finished since the lookup above: its image is in memory by the time it leaves the job index.
                if ((cached[i] ?? (_cache.TryGetInMemory(ticket.Key, out var late) ? late : null)) is { } generation)
                {
                    ticket.State = TicketState.AwaitingReconstruction;
                    _counters.CacheHit();
                    deliveries.Add((ticket, generation));
                }
                else if (_jobs.TryGetValue(ticket.Key, out var job) && !job.Cancellation.IsCancellationRequested)
                {
                    job.Attach(ticket);
                    ticket.State = job.IsRunning ? TicketState.Diffusing : TicketState.Queued;
                }
                else
                {
                    // A cancelled run of the same key may still be winding down; this one replaces it in the index.
                    job = new DiffusionJob(ticket.Key, ticket.Image, queue);
                    _jobs[job.Key] = job;
                    queue.Jobs.Add(job);
                    job.Attach(ticket);
                    ticket.State = TicketState.Queued;
                }
            }

            // A running job the new request also wants keeps running for it; one that nobody wants any more stops at
            // its next step, so the generator turns to the new request at once instead of finishing unused work.
            foreach (var job in orphans.Distinct().Where(j => j.TicketCount == 0))
                job.Cancellation.Cancel();

            // The newest request's order (nearest alpha first) decides the order of this client's queue.
            var order = tickets.Select((t, i) => (t.Key, i)).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().i);
            var reordered = queue.Jobs.OrderBy(j => order.GetValueOrDefault(j.Key, int.MaxValue)).ToList();
            queue.Jobs.Clear();
            queue.Jobs.AddRange(reordered);
            toStart = TakeRunnableJobs();
            ahead = JobsAheadUnsynchronized(queue, tickets);
        }

        foreach (long id in ended)
            session.Post(ErrorMessage.Create(ErrorCode.Cancelled,
                $"Request {id} was superseded by request {requestId}; its loops not yet delivered were dropped.", id));
        // A queued report's Step is the queue position: generator runs ahead of it (Total stays 0: it is not a stage's steps).
        foreach (var ticket in tickets.Where(t => t.State == TicketState.Queued))
            session.PostProgress(new Progress { RequestId = requestId, Stage = ProgressStage.Queued, Step = ahead.GetValueOrDefault(ticket), Alpha = ticket.Alpha });
        foreach (var (ticket, generation) in deliveries)
            _delivery.Enqueue(ticket, generation, this);
        Start(toStart);
    }

    /// <summary>Takes a retime: a ticket whose image is already in the cache.</summary>
    /// <summary>
    /// How many generator runs come before each queued ticket: those running now, the ones before it in its client's own
    /// queue, and one turn of every other client per place ahead (clients take turns; this client is next). Must hold the gate.
    /// </summary>
    private Dictionary<RenderTicket, int> JobsAheadUnsynchronized(ClientQueue queue, IReadOnlyList<RenderTicket> tickets)
    {
        var waiting = queue.Jobs.Where(j => !j.IsRunning).ToList();
        var result = new Dictionary<RenderTicket, int>();
        foreach (var ticket in tickets)
        {
            int own = waiting.FindIndex(j => j.Tickets.Contains(ticket));
            if (own < 0)
                continue;
            int others = _ring.Where(q => q != queue).Sum(q => Math.Min(q.Jobs.Count(j => !j.IsRunning), own));
            result[ticket] = _running.Count + own + others;
        }
        return result;
    }

    public void SubmitRetime(RenderTicket ticket, CachedGeneration generation)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_queues.TryGetValue(ticket.Client, out var queue))
                return;
            ticket.State = TicketState.AwaitingReconstruction;
            queue.Tickets.Add(ticket);
        }

        _counters.CacheHit();
        _delivery.Enqueue(ticket, generation, this);
    }

    /// <summary>Drops one request's tickets (or all of the client's) and stops running jobs nobody else wants; returns the request ids affected.</summary>
    public IReadOnlyList<long> Cancel(ClientSession session, long? requestId)
    {
        List<long> affected;
        lock (_gate)
        {
            if (!_queues.TryGetValue(session, out var queue))
                return [];
            var victims = queue.Tickets.Where(t => requestId is null || t.RequestId == requestId).ToList();
            affected = victims.Select(t => t.RequestId).Distinct().ToList();
            foreach (var ticket in victims)
                Drop(queue, ticket, stopOrphanedJob: true);
        }

        return affected;
    }

    /// <summary>Forgets a client that left: its tickets are dropped and its jobs stop unless someone else wants them.</summary>
    public void RemoveClient(ClientSession session)
    {
        Cancel(session, null);
        List<DiffusionJob> toStart;
        lock (_gate)
        {
            if (!_queues.Remove(session, out var queue))
                return;
            int index = _ring.IndexOf(queue);
            _ring.RemoveAt(index);
            if (_nextTurn > index)
                _nextTurn--;

            // Jobs it queued that other clients still want move to one of those clients' queues.
            foreach (var job in queue.Jobs)
            {
                var heir = job.Tickets.Select(t => _queues.GetValueOrDefault(t.Client)).FirstOrDefault(q => q is not null);
                if (heir is null)
                    _jobs.Remove(job.Key);
                else
                    heir.Jobs.Add(job);
            }

            queue.Jobs.Clear();
            toStart = TakeRunnableJobs();
        }

        Start(toStart);
    }

    /// <summary>Called by the delivery when a reconstruction slot is free; false when the ticket was dropped meanwhile.</summary>
    public bool TryBeginReconstruction(RenderTicket ticket)
    {
        lock (_gate)
        {
            if (ticket.State != TicketState.AwaitingReconstruction)
                return false;
            ticket.State = TicketState.Reconstructing;
            return true;
        }
    }

    /// <summary>Marks a ticket delivered or failed; false when it was dropped meanwhile (then nothing must be sent).</summary>
    public bool Finish(RenderTicket ticket)
    {
        lock (_gate)
        {
            if (ticket.State == TicketState.Dropped)
                return false;
            ticket.State = TicketState.Done;
            if (_queues.TryGetValue(ticket.Client, out var queue))
                queue.Tickets.Remove(ticket);
            return true;
        }
    }

    /// <summary>True while the ticket's request is the client's newest (or the ticket is a retime).</summary>
    public bool IsCurrent(RenderTicket ticket)
    {
        lock (_gate)
            return _queues.TryGetValue(ticket.Client, out var queue) && !queue.IsStale(ticket);
    }

    /// <summary>Stops everything: tickets dropped, running jobs cancelled; completes when the generator runs have returned.</summary>
    public async Task ShutdownAsync()
    {
        Task[] running;
        lock (_gate)
        {
            _shuttingDown = true;
            foreach (var queue in _ring)
            {
                foreach (var ticket in queue.Tickets.ToList())
                    Drop(queue, ticket, stopOrphanedJob: true);
                queue.Jobs.Clear();
            }

            _jobs.Clear();
            running = [.. _runningTasks];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    // Under the lock.
    private void Drop(ClientQueue queue, RenderTicket ticket, bool stopOrphanedJob)
    {
        ticket.State = TicketState.Dropped;
        ticket.Cancellation.Cancel();
        queue.Tickets.Remove(ticket);
        if (ticket.Job is not { } job)
            return;
        job.Detach(ticket);
        if (job.TicketCount > 0)
            return;
        if (!job.IsRunning)
        {
            job.Owner.Jobs.Remove(job);
            if (_jobs.GetValueOrDefault(job.Key) == job)
                _jobs.Remove(job.Key);
        }
        else if (stopOrphanedJob)
        {
            job.Cancellation.Cancel();
        }
    }

    // Under the lock: the next jobs by round-robin over clients, while generator slots are free.
    private List<DiffusionJob> TakeRunnableJobs()
    {
        var start = new List<DiffusionJob>();
        while (!_shuttingDown && _running.Count < _maxConcurrentJobs && _ring.Count > 0)
        {
            DiffusionJob? next = null;
            for (int i = 0; i < _ring.Count && next is null; i++)
            {
                int index = (_nextTurn + i) % _ring.Count;
                var queue = _ring[index];
                if (queue.Jobs.Count == 0)
                    continue;
                next = queue.Jobs[0];
                queue.Jobs.RemoveAt(0);
                _nextTurn = (index + 1) % _ring.Count;
            }

            if (next is null)
                break;
            next.IsRunning = true;
            _running.Add(next);
            foreach (var ticket in next.Tickets)
            {
                ticket.State = TicketState.Diffusing;
                ticket.QueuedMs = Stopwatch.GetElapsedTime(ticket.Arrived).TotalMilliseconds;
            }

            start.Add(next);
        }

        return start;
    }

    private void Start(List<DiffusionJob> jobs)
    {
        foreach (var job in jobs)
        {
            // Generators block their thread for the whole run; keep them off the shared pool.
            var task = Task.Factory.StartNew(() => Run(job), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            lock (_gate)
            {
                _runningTasks.Add(task);
                _runningTasks.RemoveAll(t => t.IsCompleted);
            }
        }
    }

    private void Run(DiffusionJob job)
    {
        long started = Stopwatch.GetTimestamp();
        long decodeStarted = 0;
        void Report(ProgressStage stage, int step, int total)
        {
            if (stage == ProgressStage.Decoding && decodeStarted == 0)
                decodeStarted = Stopwatch.GetTimestamp();
            foreach (var ticket in job.Snapshot)
                ticket.Client.PostProgress(new Progress { RequestId = ticket.RequestId, Stage = stage, Step = step, Total = total, Alpha = ticket.Alpha });
        }

        _counters.DiffusionRun();
        CachedGeneration? generation = null;
        Exception? failure = null;
        try
        {
            RgbImage image = _generator.Generate(job.Request, Report, job.Cancellation.Token);
            if (image.Height != SpectrogramParameters.Riffusion.MelBands || image.Width != job.Request.Columns)
                throw new InvalidOperationException(
                    $"The generator made a {image.Width}×{image.Height} image; {job.Request.Columns}×{SpectrogramParameters.Riffusion.MelBands} was needed.");
            generation = _cache.Put(job.Key, image, job.Request);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            _counters.CancelledRun();
        }
        catch (Exception e)
        {
            failure = e;
            _log.Error($"generation {job.Key[..8]} failed: {e}");
        }

        long finished = Stopwatch.GetTimestamp();
        double diffusionMs = Stopwatch.GetElapsedTime(started, decodeStarted == 0 ? finished : decodeStarted).TotalMilliseconds;
        double decodeMs = decodeStarted == 0 ? 0 : Stopwatch.GetElapsedTime(decodeStarted, finished).TotalMilliseconds;

        List<RenderTicket> tickets;
        List<DiffusionJob> toStart;
        lock (_gate)
        {
            _running.Remove(job);
            if (_jobs.GetValueOrDefault(job.Key) == job)
                _jobs.Remove(job.Key);
            tickets = [.. job.Tickets];
            foreach (var ticket in tickets)
            {
                ticket.Job = null;
                ticket.DiffusionMs = diffusionMs;
                ticket.DecodeMs = decodeMs;
                if (generation is not null)
                {
                    ticket.State = TicketState.AwaitingReconstruction;
                }
                else
                {
                    ticket.State = TicketState.Done;
                    _queues.GetValueOrDefault(ticket.Client)?.Tickets.Remove(ticket);
                }
            }

            if (generation is not null && tickets.Count == 0)
                _counters.UnusedRun();
            toStart = TakeRunnableJobs();
        }

        Start(toStart);
        foreach (var ticket in tickets)
        {
            if (generation is not null)
                _delivery.Enqueue(ticket, generation, this);
            else if (failure is ArgumentException)
                // The request asked for something this model cannot do (e.g. a prompt over its 225 tokens): the client's to change.
                ticket.Client.Post(ErrorMessage.Create(ErrorCode.InvalidRequest, failure.Message, ticket.RequestId));
            else if (failure is not null)
                ticket.Client.Post(ErrorMessage.Create(ErrorCode.RenderFailed,
                    $"The image for alpha {ticket.Alpha:0.###} could not be generated: {failure.Message.TrimEnd('.')}. Try again; if it keeps failing, check the model with 'riffusion-engine model check DIR'.",
                    ticket.RequestId));
            else
                ticket.Client.Post(ErrorMessage.Create(ErrorCode.Cancelled, "The engine stopped this render.", ticket.RequestId));
        }

        if (generation is not null && _log.IsEnabled(LogLevel.Info))
            _log.Info($"image {job.Key[..8]} (alpha {job.Request.Alpha:0.###}, {job.Request.Steps} steps) made in {diffusionMs + decodeMs:0} ms " +
                      $"(decode {decodeMs:0} ms) for {tickets.Count} loop(s){(tickets.Count == 0 ? ", nobody waits for it any more: cached only" : "")}");
    }
}
