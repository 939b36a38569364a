using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Engine → plugin (relayed from the CLI): put a prompt into one slot of an instance.</summary>
[MessagePackObject]
public sealed class SetPromptSlot : Message
{
    /// <summary>The instance whose slot changes.</summary>
    [Key(0)] public Guid InstanceId { get; set; }

    /// <summary>Slot index, 0 to <see cref="InstanceState.PromptSlotCount"/> − 1.</summary>
    [Key(1)] public int Slot { get; set; }

    /// <summary>The new prompt text.</summary>
    [Key(2)] public string Text { get; set; } = "";
}
