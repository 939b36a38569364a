using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.TinyModel;

public class TinyModelGeneratorTests
{
    [Fact]
    public void DefaultModelOpensAndRunsEveryPart()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        using var model = ModelFolder.Open(temp.Path);

        var ids = Enumerable.Repeat(1, 77).ToArray();
        float[] text = model.TextEncoder.Encode(ids);
        Assert.Equal(77 * 32, text.Length);

        var sample = new float[4 * 2 * 3];
        var noise = new float[sample.Length];
        model.UNet.Predict(sample, 1, 2, 3, 500, text, noise);

        var image = new float[3 * 16 * 24];
        model.VaeDecoder.Decode(sample, 2, 3, image);
        var latent = new float[4 * 2 * 3];
        model.VaeEncoder.Encode(image, 16, 24, new float[latent.Length], latent);
    }
}
