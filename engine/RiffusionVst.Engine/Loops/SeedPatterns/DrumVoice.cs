namespace RiffusionVst.Engine.Loops.SeedPatterns;

/// <summary>The drum sounds a seed pattern is made of.</summary>
public enum DrumVoice
{
    /// <summary>Bass drum: a pitched sine sweep with a click.</summary>
    Kick,

    /// <summary>Snare: a short tone body with a noise burst.</summary>
    Snare,

    /// <summary>Closed hi-hat: a very short burst of high-passed noise.</summary>
    ClosedHat,

    /// <summary>Open hi-hat: a longer burst of high-passed noise.</summary>
    OpenHat,
}
