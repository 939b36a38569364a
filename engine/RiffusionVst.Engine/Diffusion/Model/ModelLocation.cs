namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>The model folder to open and how it was chosen.</summary>
/// <param name="FolderPath">The folder (full path).</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Message">A note for the user, set when the tiny generated model is used.</param>
public sealed record ModelLocation(string FolderPath, ModelSource Source, string? Message)
{
    /// <summary>True when no real model is installed and the tiny generated model is used.</summary>
    public bool IsTinyModel => Source == ModelSource.TinyGenerated;
}
