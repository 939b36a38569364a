using System.Diagnostics;

namespace RiffusionVst.Engine.Service.Web.Library;

/// <summary>"Show in folder": asks the desktop's file manager to show a file (Explorer selects it; Finder reveals it; elsewhere its folder opens).</summary>
internal static class FolderReveal
{
    /// <summary>Null when the file manager was asked; otherwise what went wrong.</summary>
    public static string? Show(string path)
    {
        var info = OperatingSystem.IsWindows() ? new ProcessStartInfo("explorer.exe") { ArgumentList = { "/select," + path } }
            : OperatingSystem.IsMacOS() ? new ProcessStartInfo("open") { ArgumentList = { "-R", path } }
            : new ProcessStartInfo("xdg-open") { ArgumentList = { Path.GetDirectoryName(path)! } };
        info.UseShellExecute = false;
        try
        {
            using var process = Process.Start(info);
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"Could not open a file manager ({info.FileName}: {e.Message}); the clip is in {Path.GetDirectoryName(path)}.";
        }
    }
}
