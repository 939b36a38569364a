using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using RiffusionVst.Engine.Service.Sessions;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Web.Live;

/// <summary>
/// Watches the service's clients and turns what happens into the page's live events (JSON lines for Server-Sent
/// Events): instances coming, going and changing; every render's queue and step progress; new loops; errors. It also
/// remembers each instance's status and current grid, which the Instances page shows when it first loads.
/// </summary>
internal sealed class LiveEvents : ISessionObserver
{
    // A page that stops reading loses old events, never stalls the engine.
    private const int MaxQueuedPerSubscriber = 256;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Func<IEnumerable<ClientSession>> _sessions;
    private readonly string _modelNote;
    private readonly ConcurrentDictionary<int, Channel<string>> _subscribers = new();
    private readonly ConcurrentDictionary<Guid, string> _status = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<float, string>> _grids = new();
    private int _nextSubscriber;

    public LiveEvents(Func<IEnumerable<ClientSession>> sessions, string modelNote)
    {
        _sessions = sessions;
        _modelNote = modelNote;
    }

    /// <summary>A new subscriber's stream of JSON events, and the id to <see cref="Unsubscribe"/> with.</summary>
    public (int Id, ChannelReader<string> Events) Subscribe()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueuedPerSubscriber) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        int id = Interlocked.Increment(ref _nextSubscriber);
        _subscribers[id] = channel;
        return (id, channel.Reader);
    }

    public void Unsubscribe(int id)
    {
        if (_subscribers.TryRemove(id, out var channel))
            channel.Writer.TryComplete();
    }

    /// <summary>Ends every subscriber's stream (the server is stopping).</summary>
    public void CompleteAll()
    {
        foreach (int id in _subscribers.Keys)
            Unsubscribe(id);
    }

    /// <summary>The connected plugin instances as the page shows them, in the order they connected.</summary>
    public IReadOnlyList<InstanceView> Instances() =>
        _sessions()
            .Where(s => s.IsPluginInstance)
            .OrderBy(s => s.Id)
            .GroupBy(s => s.Hello.InstanceId)
            .Select(g => View(g.Last()))
            .ToList();

    public void Connected(ClientSession session)
    {
        if (session.IsPluginInstance)
            PublishInstances();
    }

    public void Disconnected(ClientSession session)
    {
        if (!session.IsPluginInstance)
            return;
        if (!_sessions().Any(s => s.Hello.InstanceId == session.Hello.InstanceId && s != session))
        {
            _status.TryRemove(session.Hello.InstanceId, out _);
            _grids.TryRemove(session.Hello.InstanceId, out _);
        }
        PublishInstances();
    }

    public void InstanceChanged(ClientSession session) => PublishInstances();

    public void Posted(ClientSession session, Message message)
    {
        Guid? instance = session.IsPluginInstance ? session.Hello.InstanceId : null;
        string job = session.IsPluginInstance ? "" : session.Hello.Label;
        switch (message)
        {
            case Progress p:
                string text = p.Stage == ProgressStage.Queued ? $"queued, {p.Step} ahead" : p.Total > 0 ? $"{Describe(p.Stage)} {p.Step}/{p.Total}" : Describe(p.Stage);
                if (instance is { } id)
                    _status[id] = text;
                Publish(new { type = "progress", instanceId = instance, job, requestId = p.RequestId, stage = p.Stage.ToString(), step = p.Step, total = p.Total, alpha = p.Alpha, text });
                break;
            case LoopReady ready:
                string? clipId = ready.ClipPath is { } path ? Path.GetFileNameWithoutExtension(path) : null;
                if (instance is { } owner)
                {
                    _status[owner] = "ready";
                    if (clipId is not null)
                        _grids.GetOrAdd(owner, _ => new ConcurrentDictionary<float, string>())[ready.Alpha] = clipId;
                }
                Publish(new { type = "loop", instanceId = instance, job, requestId = ready.RequestId, alpha = ready.Alpha, clipId, bpm = ready.Bpm, bars = ready.Bars });
                break;
            case ErrorMessage error when error.Code != ErrorCode.Cancelled:
                if (instance is { } failed)
                    _status[failed] = "error: " + error.Message;
                Publish(new { type = "error", instanceId = instance, job, requestId = error.RequestId, message = error.Message });
                break;
        }
    }

    private InstanceView View(ClientSession session)
    {
        InstanceState state = session.Instance;
        string status = _status.GetValueOrDefault(state.InstanceId, "connected");
        var grid = _grids.TryGetValue(state.InstanceId, out var clips)
            ? clips.OrderBy(c => c.Key).Select(c => new GridClip(c.Key, c.Value)).ToList()
            : [];
        return new InstanceView(state.InstanceId, state.Label, state.PromptSlots, state.SlotA, state.SlotB, state.Alpha, state.Bars, state.Bpm,
            _modelNote.Length > 0 ? $"{status} · {_modelNote}" : status, grid);
    }

    private void PublishInstances() => Publish(new { type = "instances", instances = Instances() });

    private void Publish(object payload)
    {
        if (_subscribers.IsEmpty)
            return;
        string json = JsonSerializer.Serialize(payload, Json);
        foreach (var channel in _subscribers.Values)
            channel.Writer.TryWrite(json);
    }

    private static string Describe(ProgressStage stage) => stage switch
    {
        ProgressStage.EncodingPrompt => "encoding prompt",
        ProgressStage.EncodingSeed => "encoding seed",
        ProgressStage.Diffusing => "rendering",
        ProgressStage.Decoding => "decoding",
        ProgressStage.Reconstructing => "making audio",
        ProgressStage.Finishing => "writing clip",
        _ => "queued",
    };
}
