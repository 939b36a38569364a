using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>
/// Client → engine: turn stored spectrogram images (a reopened project's grid) into loops at this tempo and rate,
/// with no diffusion: no model is needed, and the engine need never have seen the images before.
/// </summary>
/// <remarks>
/// Answered by one <see cref="LoopReady"/> per image, with the same <see cref="RequestId"/> and the image's alpha; its
/// <see cref="LoopReady.GenerationKey"/> names the image in the engine's cache, so <see cref="Retime"/> works on it
/// afterwards. Image-to-audio is deterministic: the same image, tempo, rate and channels give the same samples. A bad
/// image (not a PNG, the wrong size) refuses the whole request with one <see cref="ErrorMessage"/> naming it.
/// Check a request with <see cref="Validation.MessageValidator.Validate(RenderFromImages, int)"/>.
/// </remarks>
[MessagePackObject]
public sealed class RenderFromImages : Message
{
    /// <summary>Client-chosen id, unique per connection; every answer carries it.</summary>
    [Key(0)] public long RequestId { get; set; }

    /// <summary>The images, one per grid point; rendered in this order.</summary>
    [Key(1)] public StoredImage[] Images { get; set; } = [];

    /// <summary>Host tempo in beats per minute, in (0, 999].</summary>
    [Key(2)] public double Bpm { get; set; } = 120;

    /// <summary>Loop length in bars the images were made for (their width is 256 columns a bar of 4/4).</summary>
    [Key(3)] public int Bars { get; set; } = 2;

    /// <summary>Beats per bar the images were made for.</summary>
    [Key(4)] public int BeatsPerBar { get; set; } = 4;

    /// <summary>Host sample rate in Hz.</summary>
    [Key(5)] public int SampleRate { get; set; } = 44100;

    /// <summary>Output channels, 1 or 2.</summary>
    [Key(6)] public int Channels { get; set; } = 2;
}
