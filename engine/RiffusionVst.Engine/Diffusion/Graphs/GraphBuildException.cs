namespace RiffusionVst.Engine.Diffusion.Graphs;

/// <summary>A config or weight set the graph builder cannot turn into graphs; the message says what and what to do.</summary>
public sealed class GraphBuildException : Exception
{
    /// <summary>Creates the error with a message meant for the user.</summary>
    public GraphBuildException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message meant for the user and the failure behind it.</summary>
    public GraphBuildException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
