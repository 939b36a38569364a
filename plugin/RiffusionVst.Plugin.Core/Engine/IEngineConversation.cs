using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>What the <see cref="EngineLink"/> talks with over each session: it sends what the steps return and owns no decision.</summary>
internal interface IEngineConversation
{
    /// <summary>The Hello to introduce the plugin with (asked for at every connection: the name may have changed).</summary>
    Hello Hello();

    /// <summary>The engine said Welcome in a protocol we speak.</summary>
    ClientStep Begin(Welcome welcome);

    /// <summary>A message from the engine.</summary>
    ClientStep Receive(Message message);

    /// <summary>A poll interval passed (or messages were read): look at the host again.</summary>
    ClientStep Tick();

    /// <summary>The session is over (the engine went away or refused us).</summary>
    void End();
}
