using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>What one step of the <see cref="GridRequester"/> decided: the messages to send, in order, and what changed.</summary>
/// <param name="Send">Messages for the engine, in the order they go.</param>
/// <param name="Status">The status to show from now on, or null to keep the one shown.</param>
/// <param name="Error">An error to report (<see cref="EngineClient.LastError"/>), or null.</param>
/// <param name="Play">A grid to hand the player, or null.</param>
internal readonly record struct ClientStep(IReadOnlyList<Message> Send, EngineStatus? Status = null, string? Error = null, AlphaGrid? Play = null)
{
    /// <summary>Nothing to send, nothing changed.</summary>
    public static ClientStep None => new([]);
}
