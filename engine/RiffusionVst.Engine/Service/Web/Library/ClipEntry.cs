namespace RiffusionVst.Engine.Service.Web.Library;

/// <summary>One clip as the Clips page lists it (the JSON the page reads); <see cref="Path"/> is for the plugin editor's native drag.</summary>
internal sealed record ClipEntry(
    string Id,
    string PromptA,
    string PromptB,
    float Alpha,
    double Bpm,
    int Bars,
    int BeatsPerBar,
    DateTimeOffset Created,
    string Path);
