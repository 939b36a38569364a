namespace RiffusionVst.Protocol;

/// <summary>The version of the message contracts; clients of another major version are refused.</summary>
public static class ProtocolVersion
{
    /// <summary>Incompatible changes bump this.</summary>
    public const int Major = 1;

    /// <summary>Compatible additions bump this.</summary>
    public const int Minor = 1;
}
