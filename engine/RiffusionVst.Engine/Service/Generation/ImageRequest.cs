using System.Text.Json.Serialization;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops;

namespace RiffusionVst.Engine.Service.Generation;

/// <summary>Everything that determines one generated spectrogram image; two equal requests give the same image.</summary>
/// <remarks>Tempo and sample rate are not here on purpose: the image is always made on the model's native grid and
/// fitted to the host tempo afterwards, so a tempo change reuses it.</remarks>
public sealed record ImageRequest
{
    /// <summary>Start of the morph (alpha 0).</summary>
    public required PromptEnd PromptA { get; init; }

    /// <summary>End of the morph (alpha 1).</summary>
    public required PromptEnd PromptB { get; init; }

    /// <summary>Negative prompt; empty for none.</summary>
    public string NegativePrompt { get; init; } = "";

    /// <summary>Morph position in [0, 1].</summary>
    public float Alpha { get; init; }

    /// <summary>Diffusion steps.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Scheduler name (lower case).</summary>
    public string Scheduler { get; init; } = "pndm";

    /// <summary>Noise generator name (lower case; see <see cref="RiffusionVst.Protocol.Messages.NoiseNames"/>).</summary>
    public string Noise { get; init; } = RiffusionVst.Protocol.Messages.NoiseNames.Portable;

    /// <summary>Name of the built-in seed pattern, or null when <see cref="SeedAudio"/> is given.</summary>
    public string? SeedPattern { get; init; }

    /// <summary>User audio to start from, or null.</summary>
    [JsonIgnore]
    public AudioClip? SeedAudio { get; init; }

    /// <summary>A content hash of <see cref="SeedAudio"/> (the cache key uses it instead of the samples).</summary>
    public string? SeedAudioHash { get; init; }

    /// <summary>Name of a built-in mask, or null.</summary>
    public string? MaskName { get; init; }

    /// <summary>PNG bytes of a mask (white = repaint), or null.</summary>
    [JsonIgnore]
    public byte[]? MaskPng { get; init; }

    /// <summary>Loop length in bars.</summary>
    public int Bars { get; init; } = 2;

    /// <summary>Beats per bar.</summary>
    public int BeatsPerBar { get; init; } = 4;

    /// <summary>The loop on the model's native grid (93.75 BPM, 44.1 kHz).</summary>
    [JsonIgnore]
    public LoopSpec NativeLoop => new(LoopSpec.NativeBpm, Bars, BeatsPerBar);

    /// <summary>Width of the image: 64 columns a beat.</summary>
    [JsonIgnore]
    public int Columns => SeedImages.Width(Bars, BeatsPerBar);
}
