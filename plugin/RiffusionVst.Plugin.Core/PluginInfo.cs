namespace RiffusionVst.Plugin.Core;

/// <summary>Names the plugin shows to hosts.</summary>
public static class PluginInfo
{
    /// <summary>Plugin name as hosts list it.</summary>
    public const string Name = "RiffusionVst";

    /// <summary>Vendor name as hosts list it.</summary>
    public const string Vendor = "RiffusionVst";
}
