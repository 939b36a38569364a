namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>Where <see cref="ModelLocator"/> found the model.</summary>
public enum ModelSource
{
    /// <summary>The path given on the command line (<c>--model</c>).</summary>
    Explicit,

    /// <summary>The RIFFUSION_MODEL environment variable.</summary>
    Environment,

    /// <summary>The default per-user models folder.</summary>
    UserFolder,

    /// <summary>No real model: the tiny generated model in the per-user cache.</summary>
    TinyGenerated,
}
