using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Engine → plugin (relayed from the control page): give an instance a new name, which it saves with its state.</summary>
[MessagePackObject]
public sealed class RenameInstance : Message
{
    /// <summary>Longest name accepted, in characters (the engine shows names in one line).</summary>
    public const int MaxNameLength = 200;

    /// <summary>The instance to rename.</summary>
    [Key(0)] public Guid InstanceId { get; set; }

    /// <summary>The new name; empty for none.</summary>
    [Key(1)] public string Name { get; set; } = "";
}
