using System.Text.Json;
using RiffusionVst.Engine.Service.Generation;

namespace RiffusionVst.Engine.Service.Clips;

/// <summary>
/// A clip's JSON sidecar read back: the fields the clip index and the Clips page use, under the names
/// <see cref="ClipLibrary"/> writes them (<see cref="ClipInfo"/>'s properties in camel case). A sidecar that is not
/// ours, half written or damaged reads as null, so one bad file hides one clip and nothing fails.
/// </summary>
internal sealed record ClipSidecar(
    string PromptA,
    string PromptB,
    float Alpha,
    int Bars,
    int BeatsPerBar,
    double Bpm,
    DateTimeOffset? Created,
    string GenerationKey,
    int SampleRate,
    int Channels,
    long LengthSamples)
{
    private static readonly string GenerationName = Name(nameof(ClipInfo.Generation));
    private static readonly string PromptAName = Name(nameof(ImageRequest.PromptA));
    private static readonly string PromptBName = Name(nameof(ImageRequest.PromptB));
    private static readonly string TextName = Name(nameof(PromptEnd.Text));
    private static readonly string AlphaName = Name(nameof(ImageRequest.Alpha));
    private static readonly string BarsName = Name(nameof(ImageRequest.Bars));
    private static readonly string BeatsPerBarName = Name(nameof(ImageRequest.BeatsPerBar));
    private static readonly string BpmName = Name(nameof(ClipInfo.Bpm));
    private static readonly string CreatedName = Name(nameof(ClipInfo.CreatedUtc));
    private static readonly string KeyName = Name(nameof(ClipInfo.GenerationKey));
    private static readonly string SampleRateName = Name(nameof(ClipInfo.SampleRate));
    private static readonly string ChannelsName = Name(nameof(ClipInfo.Channels));
    private static readonly string LengthName = Name(nameof(ClipInfo.LengthSamples));

    /// <summary>The sidecar at <paramref name="path"/>, or null when it is not a readable sidecar of ours.</summary>
    public static ClipSidecar? Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            JsonElement root = document.RootElement;
            JsonElement generation = root.GetProperty(GenerationName);
            return new ClipSidecar(
                generation.GetProperty(PromptAName).GetProperty(TextName).GetString() ?? "",
                generation.GetProperty(PromptBName).GetProperty(TextName).GetString() ?? "",
                generation.TryGetProperty(AlphaName, out var alpha) ? alpha.GetSingle() : 0f,
                generation.TryGetProperty(BarsName, out var bars) ? bars.GetInt32() : 0,
                generation.TryGetProperty(BeatsPerBarName, out var beats) ? beats.GetInt32() : 4,
                root.TryGetProperty(BpmName, out var bpm) ? bpm.GetDouble() : 0,
                root.TryGetProperty(CreatedName, out var created) ? created.GetDateTimeOffset() : null,
                root.TryGetProperty(KeyName, out var key) ? key.GetString() ?? "" : "",
                root.TryGetProperty(SampleRateName, out var rate) ? rate.GetInt32() : 0,
                root.TryGetProperty(ChannelsName, out var channels) ? channels.GetInt32() : 0,
                root.TryGetProperty(LengthName, out var length) ? length.GetInt64() : 0);
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Name(string property) => JsonNamingPolicy.CamelCase.ConvertName(property);
}
