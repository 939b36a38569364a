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
}
