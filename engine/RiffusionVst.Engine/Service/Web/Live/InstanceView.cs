namespace RiffusionVst.Engine.Service.Web.Live;

/// <summary>What the Instances page shows of one plugin instance (the JSON the page reads).</summary>
internal sealed record InstanceView(
    Guid Id,
    string Name,
    string[] Slots,
    int SlotA,
    int SlotB,
    float Alpha,
    int Bars,
    double Bpm,
    string Status,
    IReadOnlyList<GridClip> Grid);

/// <summary>One loop of an instance's current grid: its alpha and the clip that holds it.</summary>
internal sealed record GridClip(float Alpha, string ClipId);
