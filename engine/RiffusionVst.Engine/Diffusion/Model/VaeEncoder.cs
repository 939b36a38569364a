namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// Runs the VAE encoder on one image [1,3,H,W] in [−1,1] and returns a latent [1,4,H/8,W/8] (before the
/// 0.18215 scaling, which the pipeline applies). For <c>latent_parameters</c> exports the latent is
/// mean + exp(½·logvar)·ε with the caller's noise ε; <c>latent_sample</c> exports sample inside the graph.
/// </summary>
public sealed class VaeEncoder : IDisposable
{
    private static readonly string[] InputNames = ["sample"];

    private readonly OnnxComponent _component;
    private readonly ReusableTensor _image;
    private readonly ReusableTensor _output;
    private readonly ReusableTensor[] _inputs;
    private readonly ReusableTensor[] _outputs;
    private readonly string[] _outputNames;
    private float[] _parameters = [];

    internal VaeEncoder(OnnxComponent component, VaeEncoderOutputKind outputKind)
    {
        _component = component;
        OutputKind = outputKind;
        string output = outputKind == VaeEncoderOutputKind.LatentParameters ? "latent_parameters" : "latent_sample";
        _outputNames = [output];
        _image = new ReusableTensor(component.Input("sample").ElementType);
        _output = new ReusableTensor(component.Output(output).ElementType);
        _inputs = [_image];
        _outputs = [_output];
    }

    /// <summary>Whether the graph returns mean and log-variance or an already drawn sample.</summary>
    public VaeEncoderOutputKind OutputKind { get; }

    /// <summary>True when <see cref="Encode"/> uses its noise argument.</summary>
    public bool NeedsNoise => OutputKind == VaeEncoderOutputKind.LatentParameters;

    /// <summary>
    /// Encodes an image of 3·H·W floats (H and W multiples of 8) into 4·(H/8)·(W/8) floats. <paramref name="noise"/>
    /// holds as many standard-normal values when <see cref="NeedsNoise"/>; otherwise it may be empty.
    /// </summary>
    public void Encode(ReadOnlySpan<float> image, int height, int width, ReadOnlySpan<float> noise, Span<float> latent)
    {
        if (height < 8 || width < 8 || height % 8 != 0 || width % 8 != 0)
        {
            throw new ArgumentException($"Image height and width must be positive multiples of 8 (got {height}×{width}); resize the image first.");
        }

        int h = height / 8, w = width / 8;
        int latentSize = UNet.LatentChannels * h * w;
        ModelFolder.CheckLength(nameof(image), image.Length, 3 * height * width, $"3×{height}×{width}");
        ModelFolder.CheckLength(nameof(latent), latent.Length, latentSize, $"{UNet.LatentChannels}×{h}×{w}");
        if (NeedsNoise)
        {
            ModelFolder.CheckLength(nameof(noise), noise.Length, latentSize, $"{UNet.LatentChannels}×{h}×{w} (standard-normal noise for sampling the latent)");
        }

        _image.Ensure([1, 3, height, width]);
        _image.Write(image);
        if (!NeedsNoise)
        {
            _output.Ensure([1, UNet.LatentChannels, h, w]);
            _component.Run(InputNames, _inputs, _outputNames, _outputs);
            _output.Read(latent);
            return;
        }

        _output.Ensure([1, 2 * UNet.LatentChannels, h, w]);
        _component.Run(InputNames, _inputs, _outputNames, _outputs);
        if (_parameters.Length != 2 * latentSize)
        {
            _parameters = new float[2 * latentSize];
        }

        _output.Read(_parameters);
        for (int i = 0; i < latentSize; i++)
        {
            // diffusers clamps the log-variance to [−30, 20] before taking the standard deviation.
            float logVariance = Math.Clamp(_parameters[latentSize + i], -30f, 20f);
            latent[i] = _parameters[i] + MathF.Exp(0.5f * logVariance) * noise[i];
        }
    }

    /// <summary>Releases buffers and the session.</summary>
    public void Dispose()
    {
        _image.Dispose();
        _output.Dispose();
        _component.Dispose();
    }
}
