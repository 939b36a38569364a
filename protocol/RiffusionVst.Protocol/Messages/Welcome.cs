using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>Engine → client, the answer to an accepted <see cref="Hello"/>.</summary>
[MessagePackObject]
public sealed class Welcome : Message
{
    /// <summary>The engine's protocol major version.</summary>
    [Key(0)] public int ProtocolMajor { get; set; } = ProtocolVersion.Major;

    /// <summary>The engine's protocol minor version.</summary>
    [Key(1)] public int ProtocolMinor { get; set; } = ProtocolVersion.Minor;

    /// <summary>The engine program's version.</summary>
    [Key(2)] public string EngineVersion { get; set; } = "";

    /// <summary>The model in use.</summary>
    [Key(3)] public ModelInfo Model { get; set; } = new();

    /// <summary>Optional features the engine offers (see <see cref="Capabilities"/> for the known names).</summary>
    [Key(4)] public List<string> Capabilities { get; set; } = [];

    /// <summary>Scheduler names the engine accepts in <see cref="RenderRequest.Scheduler"/>.</summary>
    [Key(5)] public List<string> Schedulers { get; set; } = [];
}
