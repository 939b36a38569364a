namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>Where the plugin stands with its engine, for the status line.</summary>
public enum EngineState
{
    /// <summary>The client has not been started.</summary>
    Stopped,

    /// <summary>Looking for an engine (and starting one if none answers).</summary>
    Connecting,

    /// <summary>Connected; nothing to render right now.</summary>
    Connected,

    /// <summary>Connected and loops of the current grid are on their way.</summary>
    Rendering,

    /// <summary>The engine went away; what was rendered keeps playing while the client reconnects.</summary>
    EngineGone,

    /// <summary>The engine reported a problem (see the status text).</summary>
    Error,
}
