namespace RiffusionVst.Plugin.Core.Parameters;

/// <summary>How a parameter's plain value maps to the host's normalised 0–1 range.</summary>
public enum ParameterKind
{
    /// <summary>Any value between minimum and maximum.</summary>
    Continuous,

    /// <summary>Whole numbers between minimum and maximum.</summary>
    Integer,

    /// <summary>One of a fixed list of values, each with a label.</summary>
    Choice,

    /// <summary>Off (0) or on (1).</summary>
    Toggle,
}
