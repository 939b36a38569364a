using System.Diagnostics;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Logging;
using RiffusionVst.Engine.Service.Sessions;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>
/// Decides which image job runs next on the generator, runs the <see cref="LoopDelivery"/> stage on what it returns, and
/// tells an <see cref="IRenderObserver"/> what became of every ticket. The only owner of ticket state.
/// </summary>
/// <remarks>
/// Rules: every client has its own queue and clients take turns (round-robin) for the generator; at most
/// <c>maxConcurrentJobs</c> generator runs at once, and at most <c>maxConcurrentDeliveries</c> loops reconstructed at once.
/// A client's newer render drops the loops of its older renders that are not yet being reconstructed; a running job the
/// new request also wants (same key) carries on for it, and one that no request wants any more stops at its next step.
/// So superseding never leaves the generator finishing work nobody uses. The new request's loops run
/// nearest-to-current-alpha first. One key runs once however many tickets (of any client) want it; a cached key skips the
/// generator. A cancel or disconnect drops the client's tickets and stops a running job no one else wants at its next
/// step. The stages (generator, delivery) are functions: they return what they made and never call back; every ticket's
/// state and times sit here, under one lock, which is never held while a stage runs or a message is sent.
/// </remarks>
internal sealed class JobScheduler
{
    private readonly Lock _gate = new();
    private readonly List<ClientQueue> _ring = [];
    private readonly Dictionary<ClientSession, ClientQueue> _queues = [];
    private readonly Dictionary<string, DiffusionJob> _jobs = [];
    private readonly Dictionary<RenderTicket, TicketEntry> _tickets = [];
    private readonly List<DiffusionJob> _running = [];
    private readonly List<Task> _runningTasks = [];
    private readonly HashSet<Task> _deliveries = [];
    private readonly IImageGenerator _generator;
    private readonly GenerationCache _cache;
    private readonly LoopDelivery _delivery;
    private readonly SemaphoreSlim _deliverySlots;
    private readonly IRenderObserver _observer;
    private readonly ServiceCounters _counters;
    private readonly EngineLog _log;
    private readonly int _maxConcurrentJobs;
    private int _nextTurn;
    private bool _shuttingDown;

    public JobScheduler(
        IImageGenerator generator,
        GenerationCache cache,
        LoopDelivery delivery,
        IRenderObserver observer,
        ServiceCounters counters,
        EngineLog log,
        int maxConcurrentJobs,
        int maxConcurrentDeliveries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentJobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentDeliveries, 1);
        _generator = generator;
        _cache = cache;
        _delivery = delivery;
        _deliverySlots = new SemaphoreSlim(maxConcurrentDeliveries, maxConcurrentDeliveries);
        _observer = observer;
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
        var queued = new List<(RenderTicket Ticket, int Ahead)>();
        List<DiffusionJob> toStart;
        lock (_gate)
        {
            if (_shuttingDown || !_queues.TryGetValue(session, out var queue))
                return;
            var touched = new HashSet<long>();
            var orphans = new List<DiffusionJob>();
            int superseded = 0;
            foreach (var old in queue.Tickets.ToList())
            {
                // Every loop of an older render goes, unless it is already being reconstructed.
                var entry = _tickets[old];
                if (old.IsRetime || old.RequestId == requestId || entry.State is TicketState.Reconstructing)
                    continue;
                if (entry.State == TicketState.Diffusing && entry.Job is { } running)
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
                var entry = new TicketEntry();
                _tickets.Add(ticket, entry);
                queue.Tickets.Add(ticket);
                // A job may have finished since the lookup above: its image is in memory by the time it leaves the job index.
                if ((cached[i] ?? (_cache.TryGetInMemory(ticket.Key, out var late) ? late : null)) is { } generation)
                {
                    entry.State = TicketState.AwaitingReconstruction;
                    _counters.CacheHit();
                    deliveries.Add((ticket, generation));
                }
                else if (_jobs.TryGetValue(ticket.Key, out var job) && !job.Cancellation.IsCancellationRequested)
                {
                    job.Attach(ticket);
                    entry.Job = job;
                    entry.State = job.IsRunning ? TicketState.Diffusing : TicketState.Queued;
                }
                else
                {
                    // A cancelled run of the same key may still be winding down; this one replaces it in the index.
                    job = new DiffusionJob(ticket.Key, ticket.Image, queue);
                    _jobs[job.Key] = job;
                    queue.Jobs.Add(job);
                    job.Attach(ticket);
                    entry.Job = job;
                    entry.State = TicketState.Queued;
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
            toStart = TakeRunnableJobsUnsynchronized();
            var ahead = JobsAheadUnsynchronized(queue, tickets);
            foreach (var ticket in tickets)
            {
                if (_tickets.TryGetValue(ticket, out var entry) && entry.State == TicketState.Queued)
                    queued.Add((ticket, ahead.GetValueOrDefault(ticket)));
            }
        }

        foreach (long id in ended)
            _observer.Superseded(session, id, requestId);
        foreach (var (ticket, ahead) in queued)
            _observer.Queued(ticket, ahead);
        foreach (var (ticket, generation) in deliveries)
            Deliver(ticket, generation);
        Start(toStart);
    }

    /// <summary>Takes a retime: a ticket whose image is already in the cache.</summary>
    public void SubmitRetime(RenderTicket ticket, CachedGeneration generation)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_queues.TryGetValue(ticket.Client, out var queue))
                return;
            _tickets.Add(ticket, new TicketEntry { State = TicketState.AwaitingReconstruction });
            queue.Tickets.Add(ticket);
        }

        _counters.CacheHit();
        Deliver(ticket, generation);
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
            toStart = TakeRunnableJobsUnsynchronized();
        }

        Start(toStart);
    }

    /// <summary>
    /// Stops everything: tickets dropped, running jobs cancelled; completes when the generator runs have returned and the
    /// deliveries under way have finished (a clip file that has started is written whole).
    /// </summary>
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
        Task[] delivering;
        lock (_gate)
            delivering = [.. _deliveries];
        await Task.WhenAll(delivering).ConfigureAwait(false);
    }

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

    /// <summary>Forgets a ticket: its reconstruction is cancelled and its job stops when nobody else wants it. Must hold the gate.</summary>
    private void Drop(ClientQueue queue, RenderTicket ticket, bool stopOrphanedJob)
    {
        _tickets.Remove(ticket, out var entry);
        ticket.Cancellation.Cancel();
        queue.Tickets.Remove(ticket);
        if (entry?.Job is not { } job)
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

    /// <summary>A ticket is done (delivered or failed): false when it was dropped meanwhile, and then nothing must be sent. Must hold the gate.</summary>
    private bool FinishUnsynchronized(RenderTicket ticket)
    {
        if (!_tickets.Remove(ticket))
            return false;
        _queues.GetValueOrDefault(ticket.Client)?.Tickets.Remove(ticket);
        return true;
    }

    /// <summary>The next jobs by round-robin over clients, while generator slots are free. Must hold the gate.</summary>
    private List<DiffusionJob> TakeRunnableJobsUnsynchronized()
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
                var entry = _tickets[ticket];
                entry.State = TicketState.Diffusing;
                entry.QueuedMs = Stopwatch.GetElapsedTime(ticket.Arrived).TotalMilliseconds;
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

    /// <summary>One generator run: the image goes to the cache and on to delivery for every ticket still waiting for it.</summary>
    private void Run(DiffusionJob job)
    {
        void Report(ProgressStage stage, int step, int total)
        {
            foreach (var ticket in job.Snapshot)
                _observer.Progressed(ticket, stage, step, total);
        }

        _counters.DiffusionRun();
        CachedGeneration? generation = null;
        GeneratedImage? made = null;
        Exception? failure = null;
        try
        {
            made = _generator.Generate(job.Request, Report, job.Cancellation.Token);
            if (made.Image.Height != SpectrogramParameters.Riffusion.MelBands || made.Image.Width != job.Request.Columns)
                throw new InvalidOperationException(
                    $"The generator made a {made.Image.Width}×{made.Image.Height} image; {job.Request.Columns}×{SpectrogramParameters.Riffusion.MelBands} was needed.");
            generation = _cache.Put(job.Key, made.Image, job.Request);
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
                var entry = _tickets[ticket];
                entry.Job = null;
                if (generation is not null)
                {
                    entry.State = TicketState.AwaitingReconstruction;
                    entry.DiffusionTime = made!.DiffusionTime;
                    entry.DecodeTime = made.DecodeTime;
                }
                else
                {
                    FinishUnsynchronized(ticket);
                }
            }

            if (generation is not null && tickets.Count == 0)
                _counters.UnusedRun();
            toStart = TakeRunnableJobsUnsynchronized();
        }

        Start(toStart);
        foreach (var ticket in tickets)
        {
            if (generation is not null)
                Deliver(ticket, generation);
            else if (failure is ArgumentException)
                // The request asked for something this model cannot do (e.g. a prompt over its 225 tokens): the client's to change.
                _observer.GenerationRefused(ticket, failure.Message);
            else if (failure is not null)
                _observer.GenerationFailed(ticket, failure.Message);
            else
                _observer.Stopped(ticket);
        }

        if (generation is not null && _log.IsEnabled(LogLevel.Info))
            _log.Info($"image {job.Key[..8]} (alpha {job.Request.Alpha:0.###}, {job.Request.Steps} steps) made in {(made!.DiffusionTime + made.DecodeTime).TotalMilliseconds:0} ms " +
                      $"(decode {made.DecodeTime.TotalMilliseconds:0} ms) for {tickets.Count} loop(s){(tickets.Count == 0 ? ", nobody waits for it any more: cached only" : "")}");
    }

    /// <summary>Runs the delivery stage for one ticket whose image exists, off the caller's thread; shutdown waits for it.</summary>
    private void Deliver(RenderTicket ticket, CachedGeneration generation)
    {
        Task task = Task.Run(() => DeliverAsync(ticket, generation));
        lock (_gate)
            _deliveries.Add(task);
        task.ContinueWith(done =>
        {
            lock (_gate)
                _deliveries.Remove(done);
        }, TaskScheduler.Default);
    }

    private async Task DeliverAsync(RenderTicket ticket, CachedGeneration generation)
    {
        try
        {
            await _deliverySlots.WaitAsync(ticket.Cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            // A ticket dropped while it waited for a slot is not reconstructed.
            DeliveryOrder order;
            lock (_gate)
            {
                if (!_tickets.TryGetValue(ticket, out var entry) || entry.State != TicketState.AwaitingReconstruction)
                    return;
                entry.State = TicketState.Reconstructing;
                order = new DeliveryOrder(generation, ticket.Delivery, ticket.Arrived, entry.QueuedMs, entry.DiffusionTime, entry.DecodeTime);
            }

            RenderedLoop loop = _delivery.Render(order, (stage, step, total) => _observer.Progressed(ticket, stage, step, total), ticket.Cancellation.Token);
            if (loop.ClipProblem is { } problem)
                _log.Warning($"{ticket.Client.Name}: request {ticket.RequestId}: {problem}");
            ticket.Client.RememberDelivery(generation.Key, ticket.Delivery);
            bool current;
            lock (_gate)
                current = FinishUnsynchronized(ticket);
            if (!current)
                return;
            _observer.Delivered(ticket, generation, loop);
            _counters.LoopDelivered();
            if (_log.IsEnabled(LogLevel.Info))
            {
                var t = loop.Timings;
                _log.Info($"{ticket.Client.Name}: request {ticket.RequestId} alpha {ticket.Alpha:0.###} ready, {loop.Loop.Bars} bars at {loop.Loop.Bpm:0.##} BPM, " +
                          $"{loop.Loop.SampleRate} Hz: queued {t.QueuedMs:0} ms, diffusion {t.DiffusionMs:0} ms, decode {t.DecodeMs:0} ms, " +
                          $"reconstruction {t.ReconstructionMs:0} ms, total {t.TotalMs:0} ms{(ticket.IsRetime ? " (retime)" : "")}");
            }
        }
        catch (OperationCanceledException) when (ticket.Cancellation.IsCancellationRequested)
        {
            lock (_gate)
                FinishUnsynchronized(ticket);
        }
        catch (Exception e)
        {
            _log.Error($"{ticket.Client.Name}: loop for request {ticket.RequestId} failed: {e}");
            bool current;
            lock (_gate)
                current = FinishUnsynchronized(ticket);
            if (current)
                _observer.DeliveryFailed(ticket, e.Message);
        }
        finally
        {
            _deliverySlots.Release();
        }
    }

    /// <summary>A ticket's place in the stages and its times so far: read and written only by the scheduler, under its gate.</summary>
    private sealed class TicketEntry
    {
        public TicketState State { get; set; }

        public DiffusionJob? Job { get; set; }

        public double QueuedMs { get; set; }

        public TimeSpan DiffusionTime { get; set; }

        public TimeSpan DecodeTime { get; set; }
    }
}
