namespace RiffusionVst.Protocol.Messages;

/// <summary>Where a render is, for progress displays (values are wire values: never renumber).</summary>
public enum ProgressStage
{
    /// <summary>Waiting behind other jobs.</summary>
    Queued = 0,

    /// <summary>Tokenising and encoding the prompts.</summary>
    EncodingPrompt = 1,

    /// <summary>Encoding the seed image into latents.</summary>
    EncodingSeed = 2,

    /// <summary>Running the diffusion steps; <see cref="Progress.Step"/> counts them.</summary>
    Diffusing = 3,

    /// <summary>Decoding latents into the spectrogram image.</summary>
    Decoding = 4,

    /// <summary>Time-fitting, inverse mel and phase reconstruction.</summary>
    Reconstructing = 5,

    /// <summary>Resampling and writing the clip file.</summary>
    Finishing = 6,
}
