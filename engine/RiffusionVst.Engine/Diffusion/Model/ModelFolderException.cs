namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>A model folder is missing, incomplete or holds graphs that do not match a Riffusion ONNX export.</summary>
public sealed class ModelFolderException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> (the folder or the offending file).</summary>
    public ModelFolderException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException) => FilePath = filePath;

    /// <summary>The file or folder the problem is about.</summary>
    public string FilePath { get; }
}
