namespace RiffusionVst.Protocol.Validation;

/// <summary>The ranges the validator accepts; both sides use them so a client can check before sending.</summary>
public static class ProtocolLimits
{
    /// <summary>Highest accepted tempo (the lowest is anything above 0).</summary>
    public const double MaxBpm = 999;

    /// <summary>Fewest bars in a loop.</summary>
    public const int MinBars = 1;

    /// <summary>Most bars in a loop.</summary>
    public const int MaxBars = 64;

    /// <summary>Most beats per bar.</summary>
    public const int MaxBeatsPerBar = 32;

    /// <summary>Longest prompt in characters (the engine splits long prompts into 75-token chunks).</summary>
    public const int MaxPromptLength = 2000;

    /// <summary>Most diffusion steps.</summary>
    public const int MaxSteps = 1000;

    /// <summary>Lowest sample rate.</summary>
    public const int MinSampleRate = 8000;

    /// <summary>Highest sample rate.</summary>
    public const int MaxSampleRate = 384000;

    /// <summary>Most output channels.</summary>
    public const int MaxChannels = 2;

    /// <summary>Most alphas in one grid.</summary>
    public const int MaxAlphaGrid = 64;

    /// <summary>Highest guidance scale.</summary>
    public const float MaxGuidance = 50;
}
