using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Client → engine (and in <see cref="InstanceList"/>): a plugin instance's label and prompt slots.</summary>
[MessagePackObject]
public sealed class InstanceState : Message
{
    /// <summary>Number of prompt slots every instance has.</summary>
    public const int PromptSlotCount = 8;

    /// <summary>The instance's id, as in its <see cref="Hello"/>.</summary>
    [Key(0)] public Guid InstanceId { get; set; }

    /// <summary>The instance's label.</summary>
    [Key(1)] public string Label { get; set; } = "";

    /// <summary>Exactly <see cref="PromptSlotCount"/> prompt texts; empty text for an empty slot.</summary>
    [Key(2)] public string[] PromptSlots { get; set; } = Enumerable.Repeat("", PromptSlotCount).ToArray();

    /// <summary>Slot index (0-based) of the morph's start prompt (A).</summary>
    [Key(3)] public int SlotA { get; set; }

    /// <summary>Slot index (0-based) of the morph's end prompt (B).</summary>
    [Key(4)] public int SlotB { get; set; } = 1;

    /// <summary>The DAW's current alpha (the host owns its automation).</summary>
    [Key(5)] public float Alpha { get; set; }

    /// <summary>Loop length in bars.</summary>
    [Key(6)] public int Bars { get; set; }

    /// <summary>The host's tempo as the plugin last saw it; 0 when unknown.</summary>
    [Key(7)] public double Bpm { get; set; }
}
