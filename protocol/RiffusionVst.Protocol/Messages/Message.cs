using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>
/// The base of every message on the pipe; the union key names the kind on the wire.
/// </summary>
/// <remarks>
/// Versioning: union keys and member keys are never reused or renumbered. A compatible change adds
/// members with new, higher keys (older peers skip them; newer peers see defaults from older peers)
/// and bumps <see cref="ProtocolVersion.Minor"/>. Anything else bumps <see cref="ProtocolVersion.Major"/>.
/// </remarks>
[Union(0, typeof(Hello))]
[Union(1, typeof(Welcome))]
[Union(2, typeof(RenderRequest))]
[Union(3, typeof(Progress))]
[Union(4, typeof(LoopReady))]
[Union(5, typeof(Retime))]
[Union(6, typeof(Cancel))]
[Union(7, typeof(ErrorMessage))]
[Union(8, typeof(Ping))]
[Union(9, typeof(Pong))]
[Union(10, typeof(InstanceState))]
[Union(11, typeof(SetPromptSlot))]
[Union(12, typeof(ListInstances))]
[Union(13, typeof(InstanceList))]
[Union(14, typeof(RenderFromImages))]
[Union(18, typeof(RenameInstance))]
[Union(19, typeof(RegenerateInstance))]
[Union(20, typeof(GetPageAddress))]
[Union(21, typeof(PageAddress))]
public abstract class Message
{
}
