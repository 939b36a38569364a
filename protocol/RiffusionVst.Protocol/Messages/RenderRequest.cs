using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Client → engine: render one loop, or one loop per alpha of a grid.</summary>
/// <remarks>
/// Give either <see cref="Alpha"/> or <see cref="AlphaGrid"/>. With a grid the engine renders the grid's
/// alphas nearest to <see cref="CurrentAlpha"/> first (see <see cref="AlphasInRenderOrder"/>) and answers
/// each with its own <see cref="LoopReady"/>. Give at most one of <see cref="SeedPattern"/> and
/// <see cref="SeedAudio"/>, and at most one of <see cref="MaskName"/> and <see cref="MaskPng"/>.
/// Check a request with <see cref="Validation.MessageValidator.Validate(RenderRequest, IEnumerable{string}?, int)"/>.
/// </remarks>
[MessagePackObject]
public sealed class RenderRequest : Message
{
    /// <summary>Client-chosen id, unique per connection; every answer carries it.</summary>
    [Key(0)] public long RequestId { get; set; }

    /// <summary>Start of the morph (alpha 0).</summary>
    [Key(1)] public PromptSpec PromptA { get; set; } = new();

    /// <summary>End of the morph (alpha 1); equal to <see cref="PromptA"/> for no morph.</summary>
    [Key(2)] public PromptSpec PromptB { get; set; } = new();

    /// <summary>Negative prompt; empty for none.</summary>
    [Key(3)] public string NegativePrompt { get; set; } = "";

    /// <summary>Single morph position in [0, 1]; null when <see cref="AlphaGrid"/> is given.</summary>
    [Key(4)] public float? Alpha { get; set; }

    /// <summary>Morph positions in [0, 1] to render; null when <see cref="Alpha"/> is given.</summary>
    [Key(5)] public float[]? AlphaGrid { get; set; }

    /// <summary>The plugin's current alpha, which orders the grid (nearest first).</summary>
    [Key(6)] public float CurrentAlpha { get; set; }

    /// <summary>Diffusion steps, 1 to <see cref="Validation.ProtocolLimits.MaxSteps"/> (riffusion default 50).</summary>
    [Key(7)] public int Steps { get; set; } = Validation.ProtocolLimits.DefaultSteps;

    /// <summary>Scheduler name, one of <see cref="Welcome.Schedulers"/> (see <see cref="SchedulerNames"/>).</summary>
    [Key(8)] public string Scheduler { get; set; } = SchedulerNames.Pndm;

    /// <summary>One of <see cref="SeedPatternNames.All"/> (<see cref="SeedPatternNames.None"/>: text-to-image from noise); null when <see cref="SeedAudio"/> is given.</summary>
    [Key(9)] public string? SeedPattern { get; set; }

    /// <summary>User audio to start from; null when <see cref="SeedPattern"/> is given.</summary>
    [Key(10)] public SeedAudio? SeedAudio { get; set; }

    /// <summary>Name of a built-in mask; null for none or when <see cref="MaskPng"/> is given.</summary>
    [Key(11)] public string? MaskName { get; set; }

    /// <summary>PNG of a mask (white = repaint); null for none or when <see cref="MaskName"/> is given.</summary>
    [Key(12)] public byte[]? MaskPng { get; set; }

    /// <summary>Host tempo in beats per minute, in (0, 999].</summary>
    [Key(13)] public double Bpm { get; set; } = 120;

    /// <summary>Loop length in bars, 1 to 8 (ProtocolLimits.MaxBars).</summary>
    [Key(14)] public int Bars { get; set; } = 2;

    /// <summary>Beats per bar (time-signature numerator), 1 to <see cref="Validation.ProtocolLimits.MaxBeatsPerBar"/>.</summary>
    [Key(15)] public int BeatsPerBar { get; set; } = 4;

    /// <summary>Host sample rate in Hz.</summary>
    [Key(16)] public int SampleRate { get; set; } = 44100;

    /// <summary>Output channels, 1 or 2.</summary>
    [Key(17)] public int Channels { get; set; } = 2;

    /// <summary>Whether <see cref="LoopReady.Png"/> should carry the spectrogram image.</summary>
    [Key(18)] public bool IncludePng { get; set; }

    /// <summary>Noise generator, one of <see cref="NoiseNames"/>; older clients omit it and get the portable one.</summary>
    [Key(19)] public string Noise { get; set; } = NoiseNames.Portable;

    /// <summary>The alphas to render, nearest to <see cref="CurrentAlpha"/> first (ties: lower alpha first).</summary>
    public IReadOnlyList<float> AlphasInRenderOrder()
    {
        if (AlphaGrid is null)
            return Alpha is { } single ? [single] : [];
        float current = CurrentAlpha;
        return AlphaGrid
            .Distinct()
            .OrderBy(a => Math.Abs(a - current))
            .ThenBy(a => a)
            .ToArray();
    }
}
