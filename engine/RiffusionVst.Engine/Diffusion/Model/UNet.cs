namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// Runs the UNet noise prediction: <c>sample</c> [B,4,h,w], <c>timestep</c>, <c>encoder_hidden_states</c>
/// [B,77,D] → <c>out_sample</c> [B,4,h,w]. With a dynamic batch, both halves of classifier-free guidance go
/// in one call; with a fixed batch of 1 they are run one after the other. Buffers are reused. Not thread-safe.
/// </summary>
public sealed class UNet : IDisposable
{
    /// <summary>Latent channels.</summary>
    public const int LatentChannels = 4;

    private static readonly string[] InputNames = ["sample", "timestep", "encoder_hidden_states"];
    private static readonly string[] OutputNames = ["out_sample"];

    private readonly OnnxComponent _component;
    private readonly ReusableTensor _sample;
    private readonly ReusableTensor _timestep;
    private readonly ReusableTensor _text;
    private readonly ReusableTensor _output;
    private readonly int? _fixedBatch;
    private readonly int _timestepRank;
    private readonly int? _fixedTextTokens;
    private readonly ReusableTensor[] _inputs;
    private readonly ReusableTensor[] _outputs;

    internal UNet(OnnxComponent component, int textHiddenSize)
    {
        _component = component;
        TextHiddenSize = textHiddenSize;
        _fixedBatch = component.FixedBatch("sample");
        _timestepRank = component.Input("timestep").Rank;
        TensorDescription text = component.Input("encoder_hidden_states");
        _fixedTextTokens = text.IsDynamic(1) ? null : (int)text.Dimensions[1];
        _sample = new ReusableTensor(component.Input("sample").ElementType);
        _timestep = new ReusableTensor(component.Input("timestep").ElementType);
        _text = new ReusableTensor(component.Input("encoder_hidden_states").ElementType);
        _output = new ReusableTensor(component.Output("out_sample").ElementType);
        _inputs = [_sample, _timestep, _text];
        _outputs = [_output];
    }

    /// <summary>True when a batch of 2 (unconditional + conditional) runs in one call.</summary>
    public bool RunsBatchInOneCall => _fixedBatch is null;

    /// <summary>Width D of the text features this UNet expects.</summary>
    public int TextHiddenSize { get; }

    /// <summary>
    /// Predicts the noise for <paramref name="batch"/> latents of size <paramref name="latentHeight"/>×
    /// <paramref name="latentWidth"/> at <paramref name="timestep"/> (rounded for integer timesteps), writing
    /// B·4·h·w floats to <paramref name="noisePrediction"/>. <paramref name="encoderHiddenStates"/> holds B·77k·D floats
    /// (k chunks of 77 tokens; k &gt; 1 for long prompts, where the graph's token axis is dynamic).
    /// </summary>
    public void Predict(
        ReadOnlySpan<float> sample,
        int batch,
        int latentHeight,
        int latentWidth,
        double timestep,
        ReadOnlySpan<float> encoderHiddenStates,
        Span<float> noisePrediction)
    {
        if (batch < 1 || latentHeight < 1 || latentWidth < 1)
        {
            throw new ArgumentException($"Batch and latent size must be positive (got batch {batch}, {latentHeight}×{latentWidth}).");
        }

        int latentSize = LatentChannels * latentHeight * latentWidth;

        // Long prompts arrive as several 77-token chunks concatenated along the token axis.
        int chunkSize = ModelFolder.SequenceLength * TextHiddenSize;
        int chunks = Math.Max(1, encoderHiddenStates.Length / (batch * chunkSize));
        int textTokens = chunks * ModelFolder.SequenceLength;
        int textSize = chunks * chunkSize;
        ModelFolder.CheckLength(nameof(sample), sample.Length, batch * latentSize, $"{batch}×{LatentChannels}×{latentHeight}×{latentWidth}");
        ModelFolder.CheckLength(nameof(noisePrediction), noisePrediction.Length, batch * latentSize, $"{batch}×{LatentChannels}×{latentHeight}×{latentWidth}");
        ModelFolder.CheckLength(nameof(encoderHiddenStates), encoderHiddenStates.Length, batch * textSize, $"{batch}×{textTokens}×{TextHiddenSize}, a multiple of {ModelFolder.SequenceLength} tokens");
        if (chunks > 1 && _fixedTextTokens is int fixedTokens && fixedTokens != textTokens)
        {
            throw new ArgumentException(
                $"{_component.Description.RelativePath} takes exactly {fixedTokens} text tokens, so prompts longer than 75 tokens cannot be used with it; shorten the prompt.");
        }

        int perCall = ModelFolder.BatchPerCall(_fixedBatch, batch, _component.Description.RelativePath);
        _sample.Ensure([perCall, LatentChannels, latentHeight, latentWidth]);
        _output.Ensure([perCall, LatentChannels, latentHeight, latentWidth]);
        _text.Ensure([perCall, textTokens, TextHiddenSize]);
        _timestep.Ensure(_timestepRank == 0 ? [] : [perCall]);
        _timestep.Fill(timestep);
        for (int start = 0; start < batch; start += perCall)
        {
            _sample.Write(sample.Slice(start * latentSize, perCall * latentSize));
            _text.Write(encoderHiddenStates.Slice(start * textSize, perCall * textSize));
            _component.Run(InputNames, _inputs, OutputNames, _outputs);
            _output.Read(noisePrediction.Slice(start * latentSize, perCall * latentSize));
        }
    }

    /// <summary>Releases buffers and the session.</summary>
    public void Dispose()
    {
        _sample.Dispose();
        _timestep.Dispose();
        _text.Dispose();
        _output.Dispose();
        _component.Dispose();
    }
}
