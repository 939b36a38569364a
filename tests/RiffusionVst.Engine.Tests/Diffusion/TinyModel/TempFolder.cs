namespace RiffusionVst.Engine.Tests.Diffusion.TinyModel;

/// <summary>A unique temporary folder deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "riffusion-tests-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
