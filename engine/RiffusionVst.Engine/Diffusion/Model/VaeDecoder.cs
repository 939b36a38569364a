namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// Runs the VAE decoder: <c>latent_sample</c> [1,4,h,w] (already divided by 0.18215) → <c>sample</c>
/// [1,3,8h,8w] in about [−1,1]. Buffers are reused. Not thread-safe.
/// </summary>
public sealed class VaeDecoder : IDisposable
{
    private static readonly string[] InputNames = ["latent_sample"];
    private static readonly string[] OutputNames = ["sample"];

    private readonly OnnxComponent _component;
    private readonly ReusableTensor _latent;
    private readonly ReusableTensor _image;
    private readonly ReusableTensor[] _inputs;
    private readonly ReusableTensor[] _outputs;

    internal VaeDecoder(OnnxComponent component)
    {
        _component = component;
        _latent = new ReusableTensor(component.Input("latent_sample").ElementType);
        _image = new ReusableTensor(component.Output("sample").ElementType);
        _inputs = [_latent];
        _outputs = [_image];
    }

    /// <summary>Decodes 4·h·w latent floats into 3·8h·8w image floats (channel-major RGB).</summary>
    public void Decode(ReadOnlySpan<float> latent, int latentHeight, int latentWidth, Span<float> image)
    {
        if (latentHeight < 1 || latentWidth < 1)
        {
            throw new ArgumentException($"Latent size must be positive (got {latentHeight}×{latentWidth}).");
        }

        ModelFolder.CheckLength(nameof(latent), latent.Length, UNet.LatentChannels * latentHeight * latentWidth, $"{UNet.LatentChannels}×{latentHeight}×{latentWidth}");
        ModelFolder.CheckLength(nameof(image), image.Length, 3 * 64 * latentHeight * latentWidth, $"3×{8 * latentHeight}×{8 * latentWidth}");
        _latent.Ensure([1, UNet.LatentChannels, latentHeight, latentWidth]);
        _image.Ensure([1, 3, 8 * latentHeight, 8 * latentWidth]);
        _latent.Write(latent);
        _component.Run(InputNames, _inputs, OutputNames, _outputs);
        _image.Read(image);
    }

    /// <summary>Releases buffers and the session.</summary>
    public void Dispose()
    {
        _latent.Dispose();
        _image.Dispose();
        _component.Dispose();
    }
}
