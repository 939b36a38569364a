using System.Text;
using System.Text.Json;
using RiffusionVst.Plugin.Core.Parameters;

namespace RiffusionVst.Plugin.Core.State;

/// <summary>
/// Versioned JSON form of <see cref="PluginState"/>. Parameters are saved by key with plain values,
/// so ranges can change without breaking old projects; unknown fields are ignored and anything
/// unreadable falls back to defaults with a warning, never an exception. Version 2 adds the grid in
/// use (<see cref="StoredGrid"/>: settings plus one base64 PNG per point); a grid that is damaged,
/// of the wrong size or from an unknown version is dropped with a warning (the engine renders anew),
/// while parameters and prompts still load.
/// </summary>
public static class PluginStateSerializer
{
    /// <summary>Marks the data as ours.</summary>
    public const string FormatName = "RiffusionVst.State";

    /// <summary>Version written now (2: the grid's images); readers accept older and newer versions, reading what they know.</summary>
    public const int CurrentVersion = 2;

    /// <summary>Serialises a state to UTF-8 JSON.</summary>
    public static byte[] Save(PluginState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", CurrentVersion);
            writer.WriteString("instanceId", state.InstanceId);
            writer.WriteString("name", state.Name);
            writer.WriteStartObject("parameters");
            foreach (var d in ParameterCatalog.All)
                writer.WriteNumber(d.Key, state.Values[(int)d.Id]);
            writer.WriteEndObject();
            writer.WriteStartArray("promptSlots");
            foreach (string text in state.PromptTexts)
                writer.WriteStringValue(text);
            writer.WriteEndArray();
            if (state.Grid is { } grid)
                StoredGridJson.Write(writer, grid);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>Reads saved state; corrupt or foreign data gives defaults and a warning.</summary>
    public static StateLoadResult Load(ReadOnlySpan<byte> data)
    {
        var state = new PluginState();
        var problems = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(data.ToArray());
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Fail("saved state is not a JSON object");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
                return Fail($"saved state is not marked \"{FormatName}\"");
            bool newer = false;
            if (root.TryGetProperty("version", out var version) && version.TryGetInt32(out int v) && v > CurrentVersion)
            {
                newer = true;
                problems.Add($"state was saved by a newer version ({v}); settings this version does not know were skipped");
            }

            if (root.TryGetProperty("instanceId", out var instance) && instance.ValueKind == JsonValueKind.String && instance.TryGetGuid(out Guid id))
                state.InstanceId = id;
            if (root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                state.Name = PluginState.CleanName(name.GetString());

            if (root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in parameters.EnumerateObject())
                {
                    if (!ParameterCatalog.TryGetByKey(property.Name, out var d))
                        continue;
                    if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetSingle(out float value) && float.IsFinite(value))
                        state.Values[(int)d.Id] = d.Sanitize(value);
                    else
                        problems.Add($"parameter '{d.Key}' was unreadable and is back at its default");
                }
            }
            else
            {
                problems.Add("no parameters were saved; all are at their defaults");
            }

            if (root.TryGetProperty("promptSlots", out var slots) && slots.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var slot in slots.EnumerateArray())
                {
                    if (i >= state.PromptTexts.Length)
                        break;
                    if (slot.ValueKind == JsonValueKind.String && slot.GetString() is { Length: <= PromptSlots.MaxLength } text)
                        state.PromptTexts[i] = text;
                    else
                        problems.Add($"prompt slot {i + 1} was unreadable and is back at its default");
                    i++;
                }
            }
            else
            {
                problems.Add("no prompt slots were saved; all are at their defaults");
            }

            if (root.TryGetProperty("grid", out var grid))
            {
                // Images of an unknown version may not mean what this version reads into them: the engine renders anew.
                if (newer)
                    problems.Add("its stored loops are of a newer format and were not used; the engine renders them anew");
                else if (StoredGridJson.Read(grid, out string? gridProblem) is { } stored)
                    state.Grid = stored;
                else
                    problems.Add($"its stored loops were unusable ({gridProblem}); the engine renders them anew");
            }
        }
        catch (JsonException e)
        {
            return Fail("saved state is not valid JSON (" + e.Message + ")");
        }
        catch (DecoderFallbackException)
        {
            return Fail("saved state is not valid UTF-8 text");
        }

        return new StateLoadResult(state, problems.Count == 0 ? null : "Loaded the project with changes: " + string.Join("; ", problems) + ".");
    }

    private static StateLoadResult Fail(string reason) =>
        new(new PluginState(), "Could not read the saved plugin state (" + reason + "); all settings are at their defaults.");
}
