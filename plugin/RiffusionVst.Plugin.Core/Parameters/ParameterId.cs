namespace RiffusionVst.Plugin.Core.Parameters;

/// <summary>Every automatable parameter; the numeric value is the host parameter index and must never change.</summary>
public enum ParameterId
{
    /// <summary>Morph position between prompt A (0) and prompt B (1).</summary>
    Alpha = 0,

    /// <summary>Which of the eight prompt slots is the start of the morph.</summary>
    PromptSlotA = 1,

    /// <summary>Which of the eight prompt slots is the end of the morph.</summary>
    PromptSlotB = 2,

    /// <summary>How much of the seed image diffusion may repaint (img2img strength).</summary>
    Denoising = 3,

    /// <summary>Classifier-free guidance scale.</summary>
    Guidance = 4,

    /// <summary>Random seed of the noise.</summary>
    Seed = 5,

    /// <summary>Loop length in bars (1, 2, 4 or 8).</summary>
    Bars = 6,

    /// <summary>Beats in one bar (the time signature numerator).</summary>
    BeatsPerBar = 7,

    /// <summary>Rhythm of the seed image the engine starts from.</summary>
    SeedPattern = 8,

    /// <summary>Walks alpha and seeds on every loop, like the Riffusion web app.</summary>
    Evolve = 9,

    /// <summary>A rising edge asks the engine for a fresh render.</summary>
    Regenerate = 10,

    /// <summary>Gain applied to the generated loop, in dB.</summary>
    OutputGain = 11,

    /// <summary>Mix between the input (0) and the generated loop (1).</summary>
    DryWet = 12,

    /// <summary>Keeps the current grid: no new renders until off again, even when prompts or settings change (tempo changes still retime).</summary>
    Freeze = 13,
}
