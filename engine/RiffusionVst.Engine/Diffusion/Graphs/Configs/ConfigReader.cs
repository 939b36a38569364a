using System.Text.Json;

namespace RiffusionVst.Engine.Diffusion.Graphs.Configs;

/// <summary>
/// Reads the fields of one component's <c>config.json</c> with the library's defaults for absent ones; a field of
/// the wrong kind is an error naming the component and the field.
/// </summary>
internal sealed class ConfigReader
{
    private readonly JsonElement _root;
    private readonly string _component;

    private ConfigReader(JsonElement root, string component)
    {
        _root = root;
        _component = component;
    }

    /// <summary>Parses <paramref name="json"/>, the config of <paramref name="component"/> (for messages).</summary>
    public static ConfigReader Parse(string json, string component)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new GraphBuildException($"{component} config.json is not a JSON object; use the config.json that came with the weights.");
            }

            return new ConfigReader(document.RootElement.Clone(), component);
        }
        catch (JsonException e)
        {
            throw new GraphBuildException($"{component} config.json is not valid JSON ({e.Message}); use the config.json that came with the weights.", e);
        }
    }

    /// <summary>An integer field, or <paramref name="fallback"/> when absent or null.</summary>
    public int Int(string name, int fallback) => TryGet(name, out JsonElement value) ? Read(name, value, v => v.GetInt32()) : fallback;

    /// <summary>A number field, or <paramref name="fallback"/> when absent or null.</summary>
    public double Double(string name, double fallback) => TryGet(name, out JsonElement value) ? Read(name, value, v => v.GetDouble()) : fallback;

    /// <summary>A boolean field, or <paramref name="fallback"/> when absent or null.</summary>
    public bool Bool(string name, bool fallback) => TryGet(name, out JsonElement value) ? Read(name, value, v => v.GetBoolean()) : fallback;

    /// <summary>A string field, or <paramref name="fallback"/> when absent or null.</summary>
    public string String(string name, string fallback) => TryGet(name, out JsonElement value) ? Read(name, value, v => v.GetString()!) : fallback;

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string name) => TryGet(name, out _);

    /// <summary>A list of integers; a single integer stands for <paramref name="count"/> copies of itself (diffusers allows both).</summary>
    public int[] Ints(string name, int[] fallback, int? count = null)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && count is not null)
        {
            return Enumerable.Repeat(Read(name, value, v => v.GetInt32()), count.Value).ToArray();
        }

        return Read(name, value, v => v.EnumerateArray().Select(e => e.GetInt32()).ToArray());
    }

    /// <summary>A list of strings.</summary>
    public string[] Strings(string name, string[] fallback) =>
        TryGet(name, out JsonElement value) ? Read(name, value, v => v.EnumerateArray().Select(e => e.GetString()!).ToArray()) : fallback;

    /// <summary>An error about this component's config.</summary>
    public GraphBuildException Error(string message) => new($"{_component} config.json: {message}");

    private bool TryGet(string name, out JsonElement value) =>
        _root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private T Read<T>(string name, JsonElement value, Func<JsonElement, T> read)
    {
        try
        {
            return read(value);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new GraphBuildException($"{_component} config.json: field '{name}' has the wrong kind of value ({value.GetRawText()}); use the config.json that came with the weights.", e);
        }
    }
}
