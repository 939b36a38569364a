using System.Text.Json;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Plugin.Core.State;

/// <summary>
/// The "grid" object of saved state (version 2): the settings that made the grid, its point count and one base64 PNG
/// per point. Reading checks everything (shape, ranges, each image's size and checksums) and says what was wrong.
/// </summary>
internal static class StoredGridJson
{
    public static void Write(Utf8JsonWriter writer, StoredGrid grid)
    {
        StoredGridSettings s = grid.Settings;
        writer.WriteStartObject("grid");
        writer.WriteStartObject("settings");
        writer.WriteString("textA", s.TextA);
        writer.WriteNumber("seedA", s.SeedA);
        writer.WriteString("textB", s.TextB);
        writer.WriteNumber("seedB", s.SeedB);
        writer.WriteNumber("denoising", s.Denoising);
        writer.WriteNumber("guidance", s.Guidance);
        writer.WriteNumber("bars", s.Bars);
        writer.WriteNumber("beatsPerBar", s.BeatsPerBar);
        if (s.SeedPattern is null)
            writer.WriteNull("seedPattern");
        else
            writer.WriteString("seedPattern", s.SeedPattern);
        if (s.EvolveSegment is { } segment)
            writer.WriteNumber("evolveSegment", segment);
        else
            writer.WriteNull("evolveSegment");
        writer.WriteString("model", s.ModelName);
        writer.WriteNumber("steps", s.Steps);
        writer.WriteString("scheduler", s.Scheduler);
        writer.WriteEndObject();
        writer.WriteNumber("pointCount", grid.PointCount);
        writer.WriteStartArray("points");
        foreach (StoredGridPoint point in grid.Points)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", point.Index);
            writer.WriteNumber("alpha", point.Alpha);
            writer.WriteBase64String("png", point.Png);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The stored grid, or null and what was wrong with it.</summary>
    public static StoredGrid? Read(JsonElement grid, out string? problem)
    {
        problem = null;
        if (grid.ValueKind == JsonValueKind.Null)
            return null;
        if (grid.ValueKind != JsonValueKind.Object || !grid.TryGetProperty("settings", out var s) || s.ValueKind != JsonValueKind.Object)
            return Fail("the grid has no settings", out problem);
        if (!(Text(s, "textA") is { } textA && Text(s, "textB") is { } textB && Text(s, "model") is { } model && Text(s, "scheduler") is { } scheduler
              && Long(s, "seedA") is { } seedA && Long(s, "seedB") is { } seedB && Float(s, "denoising") is { } denoising && Float(s, "guidance") is { } guidance
              && Long(s, "bars") is { } bars && Long(s, "beatsPerBar") is { } beats && Long(s, "steps") is { } steps))
            return Fail("a setting of the grid is missing or unreadable", out problem);
        if (bars is < ProtocolLimits.MinBars or > ProtocolLimits.MaxBars || beats is < 1 or > ProtocolLimits.MaxBeatsPerBar)
            return Fail($"the grid is {bars} bars of {beats} beats", out problem);
        string? pattern = s.TryGetProperty("seedPattern", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        long? segment = s.TryGetProperty("evolveSegment", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long seg) ? seg : null;
        var settings = new StoredGridSettings(textA, seedA, textB, seedB, denoising, guidance, (int)bars, (int)beats, pattern, segment, model, (int)steps, scheduler);

        if (Long(grid, "pointCount") is not { } count || count is < 2 or > ProtocolLimits.MaxAlphaGrid)
            return Fail("the grid's point count is missing or out of range", out problem);
        if (!grid.TryGetProperty("points", out var points) || points.ValueKind != JsonValueKind.Array || points.GetArrayLength() != count)
            return Fail($"the grid does not hold {count} images", out problem);

        int columns = settings.Bars * settings.BeatsPerBar * StoredGrid.NativeColumnsPerBeat;
        var read = new StoredGridPoint?[count];
        foreach (JsonElement point in points.EnumerateArray())
        {
            if (point.ValueKind != JsonValueKind.Object || Long(point, "index") is not { } index || index < 0 || index >= count || read[index] is not null)
                return Fail("an image of the grid has a missing, repeated or impossible index", out problem);
            if (!point.TryGetProperty("png", out var png) || png.ValueKind != JsonValueKind.String || !png.TryGetBytesFromBase64(out byte[]? bytes))
                return Fail($"image {index + 1} is not readable base64", out problem);
            if (PngCheck.Problem(bytes, columns, StoredGrid.Rows) is { } bad)
                return Fail($"image {index + 1} is unusable: {bad}", out problem);
            read[index] = new StoredGridPoint((int)index, index / (float)(count - 1), bytes);
        }
        return new StoredGrid(settings, (int)count, read!);
    }

    private static StoredGrid? Fail(string why, out string problem)
    {
        problem = why;
        return null;
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: <= ProtocolLimits.MaxPromptLength } t ? t : null;

    private static long? Long(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : null;

    private static float? Float(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetSingle(out float f) && float.IsFinite(f) ? f : null;
}
