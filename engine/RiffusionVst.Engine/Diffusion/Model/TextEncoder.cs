namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// Runs the CLIP text encoder: token ids [B,77] → <c>last_hidden_state</c> [B,77,D] as float32. Buffers are
/// reused between calls; a graph with a fixed batch of 1 is run once per prompt. Not thread-safe.
/// </summary>
public sealed class TextEncoder : IDisposable
{
    /// <summary>Input name in every export.</summary>
    public const string InputIdsName = "input_ids";

    /// <summary>Output name in every export.</summary>
    public const string HiddenStateName = "last_hidden_state";

    private static readonly string[] InputNames = [InputIdsName];
    private static readonly string[] OutputNames = [HiddenStateName];

    private readonly OnnxComponent _component;
    private readonly ReusableTensor _ids;
    private readonly ReusableTensor _hidden;
    private readonly ReusableTensor[] _inputs;
    private readonly ReusableTensor[] _outputs;
    private readonly int? _fixedBatch;

    internal TextEncoder(OnnxComponent component, int hiddenSize)
    {
        _component = component;
        HiddenSize = hiddenSize;
        _fixedBatch = component.FixedBatch(InputIdsName);
        _ids = new ReusableTensor(component.Input(InputIdsName).ElementType);
        _hidden = new ReusableTensor(component.Output(HiddenStateName).ElementType);
        _inputs = [_ids];
        _outputs = [_hidden];
    }

    /// <summary>Tokens per prompt (CLIP's context length).</summary>
    public int SequenceLength => ModelFolder.SequenceLength;

    /// <summary>Width D of each token's features (768 for Riffusion).</summary>
    public int HiddenSize { get; }

    /// <summary>
    /// Encodes <c>tokenIds.Length / 77</c> prompts (already padded to 77 ids each) into
    /// <paramref name="hiddenStates"/> (B·77·D floats, batch-major).
    /// </summary>
    public void Encode(ReadOnlySpan<int> tokenIds, Span<float> hiddenStates)
    {
        if (tokenIds.Length == 0 || tokenIds.Length % SequenceLength != 0)
        {
            throw new ArgumentException(
                $"Expected token ids for whole prompts of {SequenceLength} ids each (padded with the end token) but got {tokenIds.Length} ids.",
                nameof(tokenIds));
        }

        int batch = tokenIds.Length / SequenceLength;
        int rowFeatures = SequenceLength * HiddenSize;
        if (hiddenStates.Length != batch * rowFeatures)
        {
            throw new ArgumentException(
                $"Expected room for {batch}×{SequenceLength}×{HiddenSize} = {batch * rowFeatures} floats but got {hiddenStates.Length}.",
                nameof(hiddenStates));
        }

        int perCall = ModelFolder.BatchPerCall(_fixedBatch, batch, _component.Description.RelativePath);
        _ids.Ensure([perCall, SequenceLength]);
        _hidden.Ensure([perCall, SequenceLength, HiddenSize]);
        for (int start = 0; start < batch; start += perCall)
        {
            _ids.WriteIntegers(tokenIds.Slice(start * SequenceLength, perCall * SequenceLength));
            _component.Run(InputNames, _inputs, OutputNames, _outputs);
            _hidden.Read(hiddenStates.Slice(start * rowFeatures, perCall * rowFeatures));
        }
    }

    /// <summary>Encodes prompts and returns a new array of B·77·D floats.</summary>
    public float[] Encode(ReadOnlySpan<int> tokenIds)
    {
        var result = new float[tokenIds.Length * HiddenSize];
        Encode(tokenIds, result);
        return result;
    }

    /// <summary>Releases buffers and the session.</summary>
    public void Dispose()
    {
        _ids.Dispose();
        _hidden.Dispose();
        _component.Dispose();
    }
}
