using RiffusionVst.Protocol.Framing;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Validation;

/// <summary>
/// Turns impossible or unsupported values into <see cref="ErrorMessage"/>s whose text says what to change.
/// Each method returns null when the message is fine.
/// </summary>
public static class MessageValidator
{
    /// <summary>Refuses a client of another protocol major version (fatal: the engine closes after sending it).</summary>
    public static ErrorMessage? CheckVersion(Hello hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        if (hello.ProtocolMajor == ProtocolVersion.Major)
            return null;
        string who = string.IsNullOrEmpty(hello.ClientName) ? "The client" : $"'{hello.ClientName}' {hello.ClientVersion}".TrimEnd();
        string advice = hello.ProtocolMajor < ProtocolVersion.Major
            ? "Update the plugin to the version that matches this engine."
            : "Update the engine (riffusion-engine) to the version that matches this plugin.";
        return ErrorMessage.Create(
            ErrorCode.VersionMismatch,
            $"{who} speaks protocol {hello.ProtocolMajor}.{hello.ProtocolMinor}, but this engine speaks " +
            $"{ProtocolVersion.Major}.{ProtocolVersion.Minor}; major versions must match. {advice}",
            requestId: null,
            fatal: true);
    }

    /// <summary>Checks a render request against <see cref="ProtocolLimits"/>, the schedulers and the frame limit.</summary>
    /// <param name="request">The request to check.</param>
    /// <param name="schedulers">Scheduler names the engine supports; null means <see cref="SchedulerNames.All"/>.</param>
    /// <param name="maxFrameBytes">The frame limit the answering <see cref="LoopReady"/> must fit in.</param>
    public static ErrorMessage? Validate(RenderRequest request, IEnumerable<string>? schedulers = null, int maxFrameBytes = FrameFormat.DefaultMaxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? problem = FindProblem(request, schedulers ?? SchedulerNames.All, maxFrameBytes);
        return problem is null ? null : ErrorMessage.Create(ErrorCode.InvalidRequest, problem, request.RequestId);
    }

    /// <summary>Checks a retime request: a key and at least one valid new value.</summary>
    public static ErrorMessage? Validate(Retime retime)
    {
        ArgumentNullException.ThrowIfNull(retime);
        string? problem =
            string.IsNullOrWhiteSpace(retime.GenerationKey) ? "Retime needs the GenerationKey of a LoopReady; it was empty." :
            retime.Bpm is null && retime.SampleRate is null ? "Retime changes nothing: give a new Bpm, a new SampleRate, or both." :
            retime.Bpm is { } bpm ? BpmProblem(bpm) : null;
        problem ??= retime.SampleRate is { } rate ? SampleRateProblem(rate) : null;
        return problem is null ? null : ErrorMessage.Create(ErrorCode.InvalidRequest, problem, retime.RequestId);
    }

    /// <summary>Checks a slot index and prompt length.</summary>
    public static ErrorMessage? Validate(SetPromptSlot set)
    {
        ArgumentNullException.ThrowIfNull(set);
        string? problem =
            set.Slot is < 0 or >= InstanceState.PromptSlotCount
                ? $"Prompt slot {set.Slot} does not exist; use 0 to {InstanceState.PromptSlotCount - 1}." :
            PromptProblem("Prompt", set.Text);
        return problem is null ? null : ErrorMessage.Create(ErrorCode.InvalidRequest, problem);
    }

    private static string? FindProblem(RenderRequest r, IEnumerable<string> schedulers, int maxFrameBytes)
    {
        if (r.PromptA is null || r.PromptB is null)
            return "PromptA and PromptB are both required; repeat PromptA as PromptB for no morph.";
        string? problem =
            PromptSpecProblem("PromptA", r.PromptA) ??
            PromptSpecProblem("PromptB", r.PromptB) ??
            PromptProblem("NegativePrompt", r.NegativePrompt ?? "") ??
            AlphaProblem(r) ??
            BpmProblem(r.Bpm);
        if (problem is not null)
            return problem;

        if (r.Bars is < ProtocolLimits.MinBars or > ProtocolLimits.MaxBars)
            return $"Bars is {r.Bars}; choose {ProtocolLimits.MinBars} to {ProtocolLimits.MaxBars} bars.";
        if (r.BeatsPerBar is < 1 or > ProtocolLimits.MaxBeatsPerBar)
            return $"BeatsPerBar is {r.BeatsPerBar}; use the time signature's numerator, 1 to {ProtocolLimits.MaxBeatsPerBar}.";
        if (SampleRateProblem(r.SampleRate) is { } rateProblem)
            return rateProblem;
        if (r.Channels is < 1 or > ProtocolLimits.MaxChannels)
            return $"Channels is {r.Channels}; use 1 (mono) or 2 (stereo).";
        if (r.Steps is < 1 or > ProtocolLimits.MaxSteps)
            return $"Steps is {r.Steps}; use 1 to {ProtocolLimits.MaxSteps} (riffusion uses 50).";

        var known = schedulers as ICollection<string> ?? schedulers.ToList();
        if (string.IsNullOrWhiteSpace(r.Scheduler) || !known.Contains(r.Scheduler, StringComparer.OrdinalIgnoreCase))
            return $"Unknown scheduler '{r.Scheduler}'; use one of: {string.Join(", ", known)}.";
        if (string.IsNullOrWhiteSpace(r.Noise) || !NoiseNames.All.Contains(r.Noise, StringComparer.OrdinalIgnoreCase))
            return $"Unknown noise '{r.Noise}'; use one of: {string.Join(", ", NoiseNames.All)}.";

        if (r.SeedPattern is not null && r.SeedAudio is not null)
            return "Give either SeedPattern or SeedAudio, not both.";
        if (r.SeedAudio is { } seed && SeedAudioProblem(seed) is { } seedProblem)
            return seedProblem;
        if (r.MaskName is not null && r.MaskPng is not null)
            return "Give either MaskName or MaskPng, not both.";
        if (r.MaskPng is { Length: 0 })
            return "MaskPng is empty; send the PNG's bytes, or null for no mask.";

        long samples = LoopLength.Samples(r.Bpm, r.Bars, r.BeatsPerBar, r.SampleRate);
        long loopBytes = samples * r.Channels * sizeof(float) + FrameFormat.LoopOverheadAllowance;
        if (loopBytes > maxFrameBytes)
            return $"A loop of {r.Bars} bars of {r.BeatsPerBar} beats at {r.Bpm} BPM is {samples} samples per channel " +
                   $"({loopBytes / (1024 * 1024)} MiB), over the {maxFrameBytes / (1024 * 1024)} MiB message limit; " +
                   "use fewer bars, a faster tempo, a lower sample rate or mono.";
        return null;
    }

    private static string? PromptSpecProblem(string name, PromptSpec spec) =>
        PromptProblem($"{name}.Text", spec.Text) ??
        (!float.IsFinite(spec.Denoising) || spec.Denoising is < 0 or > 1
            ? $"{name}.Denoising is {spec.Denoising}; use 0 (keep the seed) to 1 (ignore it); riffusion uses 0.75." : null) ??
        (!float.IsFinite(spec.Guidance) || spec.Guidance is < 0 or > ProtocolLimits.MaxGuidance
            ? $"{name}.Guidance is {spec.Guidance}; use 0 to {ProtocolLimits.MaxGuidance}; riffusion uses 7." : null);

    private static string? PromptProblem(string name, string? text) =>
        text is null ? $"{name} is missing; send an empty string for no prompt." :
        text.Length > ProtocolLimits.MaxPromptLength
            ? $"{name} is {text.Length} characters; shorten it to at most {ProtocolLimits.MaxPromptLength}." : null;

    private static string? AlphaProblem(RenderRequest r)
    {
        if (r.Alpha is null == r.AlphaGrid is null)
            return "Give either Alpha or AlphaGrid (exactly one of them).";
        if (r.Alpha is { } alpha)
            return AlphaValueProblem("Alpha", alpha);
        float[] grid = r.AlphaGrid!;
        if (grid.Length is 0 or > ProtocolLimits.MaxAlphaGrid)
            return $"AlphaGrid has {grid.Length} values; give 1 to {ProtocolLimits.MaxAlphaGrid}.";
        for (int i = 0; i < grid.Length; i++)
        {
            if (AlphaValueProblem($"AlphaGrid[{i}]", grid[i]) is { } p)
                return p;
        }
        return AlphaValueProblem("CurrentAlpha", r.CurrentAlpha);
    }

    private static string? AlphaValueProblem(string name, float alpha) =>
        float.IsNaN(alpha) || alpha < 0 || alpha > 1
            ? $"{name} is {alpha}; alpha is the morph position from 0 (prompt A) to 1 (prompt B)." : null;

    private static string? BpmProblem(double bpm) =>
        !double.IsFinite(bpm) || bpm <= 0 || bpm > ProtocolLimits.MaxBpm
            ? $"BPM is {bpm}; set the host tempo to a value above 0 and at most {ProtocolLimits.MaxBpm}." : null;

    private static string? SampleRateProblem(int rate) =>
        rate is < ProtocolLimits.MinSampleRate or > ProtocolLimits.MaxSampleRate
            ? $"Sample rate is {rate} Hz; use {ProtocolLimits.MinSampleRate} to {ProtocolLimits.MaxSampleRate} Hz." : null;

    private static string? SeedAudioProblem(SeedAudio seed)
    {
        if (SampleRateProblem(seed.SampleRate) is { } p)
            return "SeedAudio: " + p;
        if (seed.Channels is null || seed.Channels.Length is 0 or > ProtocolLimits.MaxChannels)
            return $"SeedAudio has {seed.Channels?.Length ?? 0} channels; give 1 or 2.";
        int length = seed.Channels[0]?.Length ?? 0;
        if (length == 0 || seed.Channels.Any(c => c is null || c.Length != length))
            return "SeedAudio channels must be non-empty and all of the same length.";
        return null;
    }
}
