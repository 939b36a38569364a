using RiffusionVst.Protocol.Framing;

namespace RiffusionVst.Protocol.Validation;

/// <summary>
/// Every numeric limit of the system, in one place: the validator checks requests against them, the engine's
/// stages and the plugin's parameters refer to them, and the CLI checks its options against them before any work.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>Highest accepted tempo (the lowest is anything above 0, as long as the loop fits in <see cref="MaxLoopSamples"/>).</summary>
    public const double MaxBpm = 999;

    /// <summary>Fewest bars in a loop.</summary>
    public const int MinBars = 1;

    /// <summary>Most bars in a loop.</summary>
    /// <remarks>
    /// 8, the plugin's longest choice: the VAE's mid-block self-attention runs over every latent pixel at once, so its
    /// score matrix grows with the square of the width. 8 bars (2 048 columns, 16 384 latent pixels) need 1 GiB of
    /// scores in fp32; 16 bars 4 GiB, and 64 bars 64 GiB, which no machine here allocates (measured: the tiny model's
    /// VAE fails to allocate at 64 bars). Longer loops want tiled decoding first.
    /// </remarks>
    public const int MaxBars = 8;

    /// <summary>Fewest beats per bar.</summary>
    public const int MinBeatsPerBar = 1;

    /// <summary>Most beats per bar (the time signature's numerator).</summary>
    /// <remarks>
    /// 16, not 32: each beat is 64 image columns the model must paint, numerators above 16 are all but unused in
    /// DAWs, and the plugin's parameter has always stopped at 16. 8 bars of 16 already make an 8 192-column image.
    /// </remarks>
    public const int MaxBeatsPerBar = 16;

    /// <summary>Longest prompt in characters (the engine splits long prompts into 75-token chunks; the model takes at most 225 tokens).</summary>
    public const int MaxPromptLength = 2000;

    /// <summary>Fewest diffusion steps.</summary>
    public const int MinSteps = 1;

    /// <summary>Most diffusion steps: half the 1 000 training steps, so the schedulers' steps_offset stays on the training grid.</summary>
    public const int MaxSteps = 500;

    /// <summary>Riffusion's number of diffusion steps.</summary>
    public const int DefaultSteps = 50;

    /// <summary>Lowest sample rate.</summary>
    public const int MinSampleRate = 8000;

    /// <summary>Highest sample rate.</summary>
    public const int MaxSampleRate = 384000;

    /// <summary>Most output channels.</summary>
    public const int MaxChannels = 2;

    /// <summary>Most alphas in one grid.</summary>
    public const int MaxAlphaGrid = 64;

    /// <summary>Highest guidance scale (riffusion uses 7; beyond about 20 images burn out).</summary>
    public const float MaxGuidance = 50;

    /// <summary>The longest loop, in samples per channel, whose <see cref="Messages.LoopReady"/> fits in a frame of <paramref name="maxFrameBytes"/>.</summary>
    /// <remarks>The CLI holds its output files to the same bound, so no command can be asked for unbounded memory.</remarks>
    public static long MaxLoopSamples(int channels, int maxFrameBytes = FrameFormat.DefaultMaxFrameBytes) =>
        ((long)maxFrameBytes - FrameFormat.LoopOverheadAllowance) / (Math.Clamp(channels, 1, MaxChannels) * sizeof(float));
}
