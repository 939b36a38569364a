using System.Globalization;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Logging;
using RiffusionVst.Engine.Service.Jobs;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Framing;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Service.Sessions;

/// <summary>Answers every message a client may send after its Hello; bad input gets an Error and nothing else changes.</summary>
/// <remarks>It decides; <see cref="ClientMessages"/> builds every answer it sends.</remarks>
internal sealed class RequestHandler(
    JobScheduler scheduler,
    GenerationCache cache,
    GeneratorInfo generator,
    Func<IEnumerable<ClientSession>> sessions,
    ClientMessages messages,
    EngineLog log,
    int maxFrameBytes,
    Func<ClientSession, (string? Url, string? Problem)> pageAddress)
{
    /// <summary>Longest seed audio accepted, in seconds (64 bars at 20 BPM is 12.8 minutes; this is plenty).</summary>
    private const double MaxSeedAudioSeconds = 900;

    private const int MaxLabelLength = RenameInstance.MaxNameLength;

    public void Handle(ClientSession session, Message message)
    {
        switch (message)
        {
            case Ping ping:
                messages.Pinged(session, ping);
                break;
            case RenderRequest render:
                Render(session, render);
                break;
            case Retime retime:
                Retime(session, retime);
                break;
            case RenderFromImages restore:
                RenderFromImages(session, restore);
                break;
            case Cancel cancel:
                Cancel(session, cancel);
                break;
            case InstanceState state:
                UpdateInstance(session, state);
                break;
            case ListInstances list:
                messages.InstancesListed(session, list.RequestId, ConnectedInstances());
                break;
            case SetPromptSlot set:
                ForwardPromptSlot(session, set);
                break;
            case RenameInstance rename:
                ForwardRename(session, rename);
                break;
            case RegenerateInstance regenerate:
                ForwardToInstance(session, regenerate.InstanceId, "regenerate", target => messages.RegenerateAsked(target, regenerate.InstanceId));
                break;
            case GetPageAddress ask:
                var (url, problem) = pageAddress(session);
                messages.PageAddressAsked(session, ask.RequestId, url, problem);
                break;
            case Pong:
                break;
            case ErrorMessage error:
                log.Warning($"{session.Name} reported: {error}");
                break;
            case Hello:
                Refuse(session, "This connection already said Hello; send it only once, as the first message.");
                break;
            default:
                Refuse(session, $"The engine does not take {message.GetType().Name} from a client; it sends that kind itself.");
                break;
        }
    }

    private void Render(ClientSession session, RenderRequest request)
    {
        if (MessageValidator.Validate(request, generator.Schedulers, maxFrameBytes) is { } problem)
        {
            log.Info($"{session.Name}: request {request.RequestId} refused: {problem.Message}");
            messages.Refused(session, problem);
            return;
        }

        if (ExtraProblem(request) is { } extra)
        {
            log.Info($"{session.Name}: request {request.RequestId} refused: {extra}");
            messages.Refused(session, extra, request.RequestId);
            return;
        }

        AudioClip? seedAudio = request.SeedAudio is { } seed ? new AudioClip(seed.SampleRate, seed.Channels) : null;
        var template = new ImageRequest
        {
            PromptA = End(request.PromptA),
            PromptB = End(request.PromptB),
            NegativePrompt = request.NegativePrompt ?? "",
            Steps = request.Steps,
            Scheduler = request.Scheduler.ToLowerInvariant(),
            Noise = request.Noise.Trim().ToLowerInvariant(),
            SeedPattern = SeedPatternNames.Find(request.SeedPattern),
            SeedAudio = seedAudio,
            SeedAudioHash = seedAudio is null ? null : GenerationKey.HashAudio(seedAudio),
            MaskName = request.MaskName?.Trim().ToLowerInvariant(),
            MaskPng = request.MaskPng,
            Bars = request.Bars,
            BeatsPerBar = request.BeatsPerBar,
        };
        var delivery = new DeliverySettings(request.Bpm, request.SampleRate, request.Channels, request.IncludePng);
        var alphas = request.AlphasInRenderOrder();
        var tickets = alphas
            .Select(alpha =>
            {
                var image = template with { Alpha = alpha };
                return new RenderTicket(session, request.RequestId, image, GenerationKey.For(image, generator.ModelId), delivery);
            })
            .ToList();

        if (log.IsEnabled(LogLevel.Info))
        {
            string prompts = request.PromptA.Text == request.PromptB.Text ? $"'{Short(request.PromptA.Text)}'" : $"'{Short(request.PromptA.Text)}' → '{Short(request.PromptB.Text)}'";
            string alphaText = string.Join(" ", alphas.Select(a => a.ToString("0.###", CultureInfo.InvariantCulture)));
            log.Info($"{session.Name}: request {request.RequestId}: {prompts}, alpha {alphaText}, {request.Bars} bars of {request.BeatsPerBar} at " +
                     $"{request.Bpm:0.##} BPM, {request.SampleRate} Hz, {request.Steps} steps {template.Scheduler}, seed " +
                     $"{template.SeedPattern ?? (seedAudio is null ? "default" : "audio")}");
        }

        scheduler.Submit(session, request.RequestId, tickets);
    }

    private string? ExtraProblem(RenderRequest request)
    {
        if (request.MaskName is { } mask && !generator.Masks.Contains(mask.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return generator.Masks.Count == 0
                ? $"Unknown mask '{Short(mask)}'; this engine has no built-in masks (send MaskPng instead)."
                : $"Unknown mask '{Short(mask)}'; use one of: {string.Join(", ", generator.Masks)}.";
        }

        if ((request.MaskName is not null || request.MaskPng is not null) && SeedPatternNames.IsNone(request.SeedPattern) && request.SeedAudio is null)
            return $"A mask needs a seed (a SeedPattern other than '{SeedPatternNames.None}', or SeedAudio): it says which parts of the seed to keep and which to repaint.";

        if (request.MaskPng is { } png)
        {
            try
            {
                PngFile.Decode(png, "MaskPng");
            }
            catch (InvalidImageFileException e)
            {
                return $"MaskPng is not a readable PNG ({e.Message}); send a greyscale PNG, white where the model may repaint.";
            }
        }

        if (request.SeedAudio is { } seed && (double)seed.Channels[0].Length / seed.SampleRate > MaxSeedAudioSeconds)
            return $"SeedAudio is {seed.Channels[0].Length / seed.SampleRate} s long; send at most {MaxSeedAudioSeconds} s (the loop's bars).";
        return null;
    }

    private void Retime(ClientSession session, Retime retime)
    {
        if (MessageValidator.Validate(retime) is { } problem)
        {
            messages.Refused(session, problem);
            return;
        }

        if (!GenerationKey.IsWellFormed(retime.GenerationKey) || !cache.TryGet(retime.GenerationKey, out var generation))
        {
            messages.UnknownGeneration(session, Short(retime.GenerationKey), retime.RequestId);
            return;
        }

        DeliverySettings? last = session.LastDelivery(generation.Key);
        double? bpm = retime.Bpm ?? last?.Bpm;
        int? rate = retime.SampleRate ?? last?.SampleRate;
        if (bpm is null || rate is null)
        {
            messages.Refused(session, "This connection never received that generation, so there is no tempo or rate to keep; give both Bpm and SampleRate.", retime.RequestId);
            return;
        }

        var delivery = new DeliverySettings(bpm.Value, rate.Value, last?.Channels ?? 2, last?.IncludePng ?? false);
        long samples = LoopLength.Samples(delivery.Bpm, generation.Request.Bars, generation.Request.BeatsPerBar, delivery.SampleRate);
        if (samples * delivery.Channels * sizeof(float) + FrameFormat.LoopOverheadAllowance > maxFrameBytes)
        {
            messages.Refused(session,
                $"At {delivery.Bpm} BPM and {delivery.SampleRate} Hz the loop is {samples} samples per channel, over the message limit; choose a faster tempo or a lower rate.",
                retime.RequestId);
            return;
        }

        log.Info($"{session.Name}: retime {retime.RequestId} of {generation.Key[..8]} to {delivery.Bpm:0.##} BPM, {delivery.SampleRate} Hz (no diffusion)");
        scheduler.SubmitRetime(new RenderTicket(session, retime.RequestId, generation.Request, generation.Key, delivery, isRetime: true), generation);
    }

    /// <summary>A reopened project's grid: its stored images go into the cache and out as loops at this tempo, with no diffusion.</summary>
    private void RenderFromImages(ClientSession session, RenderFromImages request)
    {
        string? problem = MessageValidator.Validate(request, maxFrameBytes)?.Message;
        IReadOnlyList<CachedGeneration>? generations = problem is null ? StoredImageAdmission.Admit(request, cache, out problem) : null;
        if (generations is null)
        {
            log.Warning($"{session.Name}: stored images of request {request.RequestId} refused: {problem}");
            messages.Refused(session, problem!, request.RequestId);
            return;
        }

        log.Info($"{session.Name}: request {request.RequestId}: {generations.Count} stored image(s) to loops of {request.Bars} bars of " +
                 $"{request.BeatsPerBar} at {request.Bpm:0.##} BPM, {request.SampleRate} Hz (no diffusion)");
        var delivery = new DeliverySettings(request.Bpm, request.SampleRate, request.Channels, IncludePng: false);
        foreach (CachedGeneration generation in generations)
            scheduler.SubmitRetime(new RenderTicket(session, request.RequestId, generation.Request, generation.Key, delivery, isRetime: true), generation);
    }

    private void Cancel(ClientSession session, Cancel cancel)
    {
        var affected = scheduler.Cancel(session, cancel.RequestId);
        if (cancel.RequestId is { } id && !affected.Contains(id))
        {
            messages.NothingToCancel(session, id);
            return;
        }

        foreach (long request in affected)
            messages.Cancelled(session, request);
        if (affected.Count > 0)
            log.Info($"{session.Name}: cancelled request(s) {string.Join(", ", affected)}");
    }

    private void UpdateInstance(ClientSession session, InstanceState state)
    {
        string? problem =
            !session.IsPluginInstance ? "Only plugin instances (a Hello with an InstanceId) can report an InstanceState." :
            state.InstanceId != session.Hello.InstanceId ? $"InstanceState is for {state.InstanceId}, but this connection introduced itself as {session.Hello.InstanceId}." :
            state.PromptSlots is null || state.PromptSlots.Length != InstanceState.PromptSlotCount ? $"PromptSlots must have exactly {InstanceState.PromptSlotCount} entries (empty text for an empty slot)." :
            state.PromptSlots.Any(p => p is null || p.Length > ProtocolLimits.MaxPromptLength) ? $"Every prompt slot must be text of at most {ProtocolLimits.MaxPromptLength} characters." :
            (state.Label ?? "").Length > MaxLabelLength ? $"The label is longer than {MaxLabelLength} characters; shorten it." : null;
        if (problem is not null)
        {
            Refuse(session, problem);
            return;
        }

        session.Instance = new InstanceState
        {
            InstanceId = state.InstanceId,
            Label = state.Label ?? "",
            PromptSlots = [.. state.PromptSlots!],
            SlotA = Math.Clamp(state.SlotA, 0, InstanceState.PromptSlotCount - 1),
            SlotB = Math.Clamp(state.SlotB, 0, InstanceState.PromptSlotCount - 1),
            Alpha = float.IsFinite(state.Alpha) ? Math.Clamp(state.Alpha, 0f, 1f) : 0f,
            Bars = state.Bars,
            Bpm = double.IsFinite(state.Bpm) ? state.Bpm : 0,
        };
    }

    private List<InstanceState> ConnectedInstances() =>
        sessions()
            .Where(s => s.IsPluginInstance)
            .OrderBy(s => s.Id)
            .GroupBy(s => s.Hello.InstanceId)
            .Select(g => g.Last().Instance)
            .ToList();

    private void ForwardPromptSlot(ClientSession session, SetPromptSlot set)
    {
        if (MessageValidator.Validate(set) is { } problem)
        {
            messages.Refused(session, problem);
            return;
        }

        var targets = sessions().Where(s => s.IsPluginInstance && s.Hello.InstanceId == set.InstanceId).ToList();
        if (targets.Count == 0)
        {
            messages.UnknownInstance(session, set.InstanceId);
            return;
        }

        foreach (var target in targets)
        {
            var current = target.Instance;
            string[] slots = [.. current.PromptSlots];
            slots[set.Slot] = set.Text;
            target.Instance = CopyOf(current, current.Label, slots);
            messages.PromptSlotSet(target, set.InstanceId, set.Slot, set.Text);
        }

        log.Info($"{session.Name}: prompt slot {set.Slot + 1} of instance {set.InstanceId.ToString()[..8]} set to '{Short(set.Text)}'");
    }

    private void ForwardRename(ClientSession session, RenameInstance rename)
    {
        if ((rename.Name ?? "").Length > RenameInstance.MaxNameLength)
        {
            Refuse(session, $"The name is longer than {RenameInstance.MaxNameLength} characters; shorten it.");
            return;
        }

        string name = rename.Name ?? "";
        foreach (var target in ForwardToInstance(session, rename.InstanceId, "rename", target => messages.Renamed(target, rename.InstanceId, name)))
            target.Instance = CopyOf(target.Instance, name, target.Instance.PromptSlots);
    }

    /// <summary>Tells every connection of the plugin instance (through <paramref name="tell"/>); says so when none is connected.</summary>
    private List<ClientSession> ForwardToInstance(ClientSession session, Guid instanceId, string what, Action<ClientSession> tell)
    {
        var targets = sessions().Where(s => s.IsPluginInstance && s.Hello.InstanceId == instanceId).ToList();
        if (targets.Count == 0)
        {
            messages.UnknownInstance(session, instanceId);
            return targets;
        }

        foreach (var target in targets)
            tell(target);
        log.Info($"{session.Name}: {what} sent to instance {instanceId.ToString()[..8]}");
        return targets;
    }

    private static InstanceState CopyOf(InstanceState current, string label, string[] slots) => new()
    {
        InstanceId = current.InstanceId,
        Label = label,
        PromptSlots = slots,
        SlotA = current.SlotA,
        SlotB = current.SlotB,
        Alpha = current.Alpha,
        Bars = current.Bars,
        Bpm = current.Bpm,
    };

    private void Refuse(ClientSession session, string text) => messages.Refused(session, text);

    private static PromptEnd End(PromptSpec spec) => new(spec.Text ?? "", spec.Seed, spec.Denoising, spec.Guidance);

    // Keeps log lines and error texts readable when a client sends a huge string.
    private static string Short(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..57] + "...";
}
