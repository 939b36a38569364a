using System.Runtime.Versioning;

namespace RiffusionVst.Plugin.Editor;

/// <summary>
/// Drags a clip's WAV out of the editor as a real file, the way Explorer does (DAWs take that; a browser download they
/// do not): the shell's own data object for the file, in a modal OLE drag with the shell's default drop source.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class FileDrag
{
    /// <summary>Starts the drag; null when it ran, else why not. Call on the editor's UI thread while the mouse button is down.</summary>
    public static string? Start(IntPtr window, string path)
    {
        if (!Path.IsPathFullyQualified(path) || !string.Equals(Path.GetExtension(path), ".wav", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
            return $"Not a clip file: '{path}'.";
        NativeMethods.SHCreateItemFromParsingName(path, IntPtr.Zero, NativeMethods.ShellItemId, out var item);
        object data = item.BindToHandler(IntPtr.Zero, NativeMethods.BindToDataObject, NativeMethods.DataObjectId);
        int result = NativeMethods.SHDoDragDrop(window, data, IntPtr.Zero, NativeMethods.DropEffectCopy, out _);
        return result >= 0 ? null : $"The drag failed (0x{result:X8}).";
    }
}
