using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Jobs;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Sessions;

/// <summary>
/// The one place that builds the protocol messages the service sends: it turns service events (the scheduler's, through
/// <see cref="IRenderObserver"/>, and the request handler's answers) into messages and posts them to the client's
/// session. Stateless. The texts of render outcomes are written here; a refusal's reason comes from the check that
/// made it, and the protocol's own validation answers go out as the protocol built them.
/// </summary>
internal sealed class ClientMessages : IRenderObserver
{
    /// <summary>The answer to a client's Hello (there is no session yet): what this engine is and can do.</summary>
    public static Welcome WelcomeFor(GeneratorInfo generator, string engineVersion, bool writesClips)
    {
        var capabilities = new List<string> { Capabilities.AlphaGrid, Capabilities.SeedAudio, Capabilities.Retime, Capabilities.RenderFromImages };
        if (writesClips)
            capabilities.Add(Capabilities.ClipFiles);
        if (generator.Masks.Count > 0)
            capabilities.Add(Capabilities.Masks);
        if (generator.HonoursNegativePrompt)
            capabilities.Add(Capabilities.NegativePrompt);
        return new Welcome
        {
            EngineVersion = engineVersion,
            Model = new ModelInfo { Name = generator.ModelName, IsTiny = generator.IsTiny, Device = generator.Device },
            Capabilities = capabilities,
            Schedulers = [.. generator.Schedulers],
        };
    }

    /// <inheritdoc/>
    public void Queued(RenderTicket ticket, int runsAhead) =>
        // A queued report's Step is the queue position: generator runs ahead of it (Total stays 0: it is not a stage's steps).
        ticket.Client.PostProgress(new Progress { RequestId = ticket.RequestId, Stage = ProgressStage.Queued, Step = runsAhead, Alpha = ticket.Alpha });

    /// <inheritdoc/>
    public void Progressed(RenderTicket ticket, ProgressStage stage, int step, int total) =>
        ticket.Client.PostProgress(new Progress { RequestId = ticket.RequestId, Stage = stage, Step = step, Total = total, Alpha = ticket.Alpha });

    /// <inheritdoc/>
    public void Superseded(ClientSession client, long requestId, long newerRequestId) =>
        client.Post(ErrorMessage.Create(ErrorCode.Cancelled,
            $"Request {requestId} was superseded by request {newerRequestId}; its loops not yet delivered were dropped.", requestId));

    /// <inheritdoc/>
    public void Delivered(RenderTicket ticket, CachedGeneration generation, RenderedLoop loop) =>
        ticket.Client.Post(new LoopReady
        {
            RequestId = ticket.RequestId,
            Alpha = ticket.Alpha,
            GenerationKey = generation.Key,
            Bpm = loop.Loop.Bpm,
            Bars = loop.Loop.Bars,
            BeatsPerBar = loop.Loop.BeatsPerBar,
            SampleRate = loop.Loop.SampleRate,
            Pcm = loop.Audio.Channels,
            ClipPath = loop.ClipPath,
            Png = loop.Png,
            Timings = loop.Timings,
        });

    /// <inheritdoc/>
    public void GenerationRefused(RenderTicket ticket, string reason) =>
        ticket.Client.Post(ErrorMessage.Create(ErrorCode.InvalidRequest, reason, ticket.RequestId));

    /// <inheritdoc/>
    public void GenerationFailed(RenderTicket ticket, string reason) =>
        ticket.Client.Post(ErrorMessage.Create(ErrorCode.RenderFailed,
            $"The image for alpha {ticket.Alpha:0.###} could not be generated: {reason.TrimEnd('.')}. Try again; if it keeps failing, check the model with 'riffusion-engine model check DIR'.",
            ticket.RequestId));

    /// <inheritdoc/>
    public void DeliveryFailed(RenderTicket ticket, string reason) =>
        ticket.Client.Post(ErrorMessage.Create(ErrorCode.RenderFailed,
            $"Turning the image into a loop failed: {reason}. Try another tempo or fewer bars; if it keeps failing, report it with the engine log.",
            ticket.RequestId));

    /// <inheritdoc/>
    public void Stopped(RenderTicket ticket) =>
        ticket.Client.Post(ErrorMessage.Create(ErrorCode.Cancelled, "The engine stopped this render.", ticket.RequestId));

    /// <summary>A Cancel dropped what was left of <paramref name="requestId"/>.</summary>
    public void Cancelled(ClientSession client, long requestId) =>
        client.Post(ErrorMessage.Create(ErrorCode.Cancelled, $"Request {requestId} was cancelled.", requestId));

    /// <summary>A Cancel named a request with nothing left to drop.</summary>
    public void NothingToCancel(ClientSession client, long requestId) =>
        client.Post(ErrorMessage.Create(ErrorCode.Cancelled, $"Request {requestId} had nothing left to cancel (finished, superseded or unknown).", requestId));

    /// <summary>A message was refused; <paramref name="reason"/> says what was wrong and what to do.</summary>
    public void Refused(ClientSession client, string reason, long? requestId = null) =>
        client.Post(ErrorMessage.Create(ErrorCode.InvalidRequest, reason, requestId));

    /// <summary>A message was refused by the protocol's own validation, whose answer goes out as it is.</summary>
    public void Refused(ClientSession client, ErrorMessage validation) => client.Post(validation);

    /// <summary>A Retime named a generation the cache does not hold.</summary>
    public void UnknownGeneration(ClientSession client, string shownKey, long requestId) =>
        client.Post(ErrorMessage.Create(ErrorCode.UnknownGeneration,
            $"Generation '{shownKey}' is not in the engine's cache (evicted, or made by another engine); send the RenderRequest again.", requestId));

    /// <summary>A message was meant for a plugin instance that is not connected.</summary>
    public void UnknownInstance(ClientSession client, Guid instanceId) =>
        client.Post(ErrorMessage.Create(ErrorCode.UnknownInstance,
            $"No plugin instance {instanceId} is connected; run 'riffusion-engine instances' to list them."));

    /// <summary>The engine itself failed on a client's message (a bug): the client is told, and keeps its connection.</summary>
    public void HandlingFailed(ClientSession client, string messageKind, string reason) =>
        client.Post(ErrorMessage.Create(ErrorCode.Internal, $"The engine failed on this {messageKind}: {reason}. Please report it with the engine log."));

    /// <summary>The answer to a Ping.</summary>
    public void Pinged(ClientSession client, Ping ping) => client.Post(Pong.For(ping));

    /// <summary>The answer to ListInstances.</summary>
    public void InstancesListed(ClientSession client, long requestId, List<InstanceState> instances) =>
        client.Post(new InstanceList { RequestId = requestId, Instances = instances });

    /// <summary>The answer to GetPageAddress: the client's control page link, or why there is none.</summary>
    public void PageAddressAsked(ClientSession client, long requestId, string? url, string? problem) =>
        client.Post(new PageAddress { RequestId = requestId, Url = url ?? "", Problem = problem ?? "" });

    /// <summary>Tells a plugin instance that one of its prompt slots was set elsewhere (the page, the CLI).</summary>
    public void PromptSlotSet(ClientSession instance, Guid instanceId, int slot, string text) =>
        instance.Post(new SetPromptSlot { InstanceId = instanceId, Slot = slot, Text = text });

    /// <summary>Tells a plugin instance that it was given a new name elsewhere.</summary>
    public void Renamed(ClientSession instance, Guid instanceId, string name) =>
        instance.Post(new RenameInstance { InstanceId = instanceId, Name = name });

    /// <summary>Asks a plugin instance to render its grid again.</summary>
    public void RegenerateAsked(ClientSession instance, Guid instanceId) =>
        instance.Post(new RegenerateInstance { InstanceId = instanceId });
}
