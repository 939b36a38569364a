namespace RiffusionVst.Engine.Diffusion.Weights.Naming;

/// <summary>
/// One component's tensors under internal names, read from a file that may use other names (or hold several
/// components, as a single-file checkpoint does). LDM's 1×1-conv VAE attention weights come out as the
/// <c>[C, C]</c> matrices of diffusers' linear layers.
/// </summary>
public sealed class RenamedWeightSource : IWeightSource
{
    private readonly IWeightSource _source;
    private readonly Dictionary<string, string> _sourceNames;
    private readonly Action _release;

    /// <summary>
    /// A view of <paramref name="source"/> where internal name <c>k</c> reads source tensor <c>sourceNames[k]</c>;
    /// <paramref name="release"/> runs on dispose (the owner decides when the shared file closes).
    /// </summary>
    public RenamedWeightSource(IWeightSource source, Dictionary<string, string> sourceNames, Action release)
    {
        _source = source;
        _sourceNames = sourceNames;
        _release = release;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Names => _sourceNames.Keys;

    /// <inheritdoc />
    public bool Contains(string name) => _sourceNames.ContainsKey(name);

    /// <inheritdoc />
    public WeightTensor Get(string name)
    {
        if (!_sourceNames.TryGetValue(name, out string? sourceName))
        {
            throw new WeightFileException($"the weights hold no tensor '{name}'; the checkpoint is not a Stable Diffusion 1.x model or is incomplete.");
        }

        WeightTensor tensor = _source.Get(sourceName);
        IReadOnlyList<long> shape = tensor.Shape;
        if (DiffusersNaming.IsVaeAttentionProjection(name) && shape is [long rows, long columns, 1, 1])
        {
            return tensor.Reshaped(name, [rows, columns]);
        }

        return name == sourceName ? tensor : tensor.Reshaped(name, [.. shape]);
    }

    /// <inheritdoc />
    public void Dispose() => _release();
}
