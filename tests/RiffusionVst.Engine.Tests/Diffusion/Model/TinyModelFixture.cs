using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Model;

/// <summary>One default tiny model, generated and opened once for a test class.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public TinyModelFixture()
    {
        TinyModelGenerator.Write(_folder.Path);
        Model = ModelFolder.Open(_folder.Path);
    }

    public ModelFolder Model { get; }

    public string Path => _folder.Path;

    public void Dispose()
    {
        Model.Dispose();
        _folder.Dispose();
    }
}
