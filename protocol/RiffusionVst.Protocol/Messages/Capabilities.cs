namespace RiffusionVst.Protocol.Messages;

/// <summary>Known names for <see cref="Welcome.Capabilities"/>; a client ignores names it does not know.</summary>
public static class Capabilities
{
    /// <summary>Renders an alpha grid from one request.</summary>
    public const string AlphaGrid = "alpha-grid";

    /// <summary>Accepts user audio as the img2img seed.</summary>
    public const string SeedAudio = "seed-audio";

    /// <summary>Accepts masks by name or as PNG bytes.</summary>
    public const string Masks = "masks";

    /// <summary>Re-times a finished generation without new diffusion.</summary>
    public const string Retime = "retime";

    /// <summary>Writes clip files the host can import by drag and drop.</summary>
    public const string ClipFiles = "clip-files";

    /// <summary>Honours negative prompts.</summary>
    public const string NegativePrompt = "negative-prompt";

    /// <summary>Renders loops from stored spectrogram images (<see cref="RenderFromImages"/>), with no diffusion.</summary>
    public const string RenderFromImages = "render-from-images";
}
