namespace RiffusionVst.Engine.Diffusion.Weights.Torch;

/// <summary>A Python dict or OrderedDict read from a pickle, in insertion order.</summary>
public sealed class PickleDictionary
{
    private readonly OrderedDictionary<object, object?> _items = new();

    /// <summary>The items in the order the pickle stored them.</summary>
    public IEnumerable<KeyValuePair<object, object?>> Items => _items;

    /// <summary>Number of items.</summary>
    public int Count => _items.Count;

    /// <summary>The value stored under a string key, or null when absent.</summary>
    public object? this[string key] => _items.TryGetValue(key, out object? value) ? value : null;

    /// <summary>True when a string key is present.</summary>
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    internal void Set(object key, object? value) => _items[key] = value;
}
