namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>The weight names and shapes a config's graphs need, in the order the builder asks for them.</summary>
internal sealed class TensorCatalog
{
    private readonly List<(string Name, long[] Shape)> _tensors = [];

    /// <summary>Every expected tensor.</summary>
    public IReadOnlyList<(string Name, long[] Shape)> Tensors => _tensors;

    /// <summary>Records one expected tensor.</summary>
    public void Add(string name, long[] shape) => _tensors.Add((name, shape));
}
