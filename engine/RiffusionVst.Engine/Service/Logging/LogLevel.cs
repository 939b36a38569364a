namespace RiffusionVst.Engine.Service.Logging;

/// <summary>How much the log says.</summary>
public enum LogLevel
{
    /// <summary>Details for developers.</summary>
    Debug,

    /// <summary>What the engine is doing: connections, requests, timings.</summary>
    Info,

    /// <summary>Something the user should know (e.g. the tiny model is in use).</summary>
    Warning,

    /// <summary>Something failed.</summary>
    Error,
}
