using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Loops;

/// <summary>
/// What a loop's img2img starts from, as a client describes it: a clip of the user's audio (with its tempo when it is
/// known), a built-in drum pattern by the protocol's name, a spectrogram picture, or nothing (text-to-image). At most
/// one of <see cref="Audio"/>, <see cref="Pattern"/> and <see cref="Picture"/> is set; none set is <see cref="None"/>.
/// </summary>
public sealed record SeedDescription
{
    private SeedDescription()
    {
    }

    /// <summary>No seed image: the protocol's one meaning of <see cref="SeedPatternNames.None"/> (text-to-image from noise).</summary>
    public static SeedDescription None { get; } = new();

    /// <summary>The user's clip, or null.</summary>
    public AudioClip? Audio { get; private init; }

    /// <summary>The tempo of <see cref="Audio"/>; null counts the whole clip as the loop's bars.</summary>
    public double? AudioBpm { get; private init; }

    /// <summary>A drum pattern's listed name (<see cref="SeedPatternNames.Drums"/>), or null.</summary>
    public string? Pattern { get; private init; }

    /// <summary>A spectrogram picture (512 rows, any width), or null.</summary>
    public RgbImage? Picture { get; private init; }

    /// <summary>Whether this describes no seed image at all.</summary>
    public bool IsNone => Audio is null && Pattern is null && Picture is null;

    /// <summary>The user's clip; with <paramref name="bpm"/> its first bars at that tempo are taken, without it the whole clip.</summary>
    public static SeedDescription FromAudio(AudioClip clip, double? bpm = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return new SeedDescription { Audio = clip, AudioBpm = bpm };
    }

    /// <summary>A spectrogram picture, fitted to the loop's bars.</summary>
    public static SeedDescription FromPicture(RgbImage picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        return new SeedDescription { Picture = picture };
    }

    /// <summary>
    /// A pattern by one of <see cref="SeedPatternNames.All"/> (case and surrounding blanks ignored): <see cref="SeedPatternNames.None"/>
    /// is <see cref="None"/>, and null (a client that names none) is <see cref="SeedPatternNames.Default"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a seed pattern.</exception>
    public static SeedDescription FromPattern(string? name)
    {
        string known = name is null
            ? SeedPatternNames.Default
            : SeedPatternNames.Find(name) ?? throw new ArgumentException($"Unknown seed pattern '{name}'; use one of: {string.Join(", ", SeedPatternNames.All)}.", nameof(name));
        return known == SeedPatternNames.None ? None : new SeedDescription { Pattern = known };
    }

    /// <summary>A render request's seed: its audio when it sends some (its tempo unknown), otherwise its pattern as <see cref="FromPattern"/> reads it.</summary>
    public static SeedDescription FromRequest(string? pattern, AudioClip? audio) =>
        audio is null ? FromPattern(pattern) : FromAudio(audio);
}
