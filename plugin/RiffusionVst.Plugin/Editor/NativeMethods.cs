using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace RiffusionVst.Plugin.Editor;

/// <summary>The few Win32 and shell calls the editor needs (child windows in the host's editor frame, a shell file drag).</summary>
[SupportedOSPlatform("windows")]
internal static partial class NativeMethods
{
    public const uint WsChild = 0x40000000, WsVisible = 0x10000000, BsPushButton = 0x0, SsCenter = 0x1;
    public const uint WmCommand = 0x0111, WmDestroy = 0x0002;
    public const uint DropEffectCopy = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct Rect
    {
        public int Left, Top, Right, Bottom;
    }

    public delegate IntPtr WindowProc(IntPtr window, uint message, IntPtr wParam, IntPtr lParam);

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public struct WindowClass
    {
        public uint Style;
        public IntPtr WindowProc;
        public int ClassExtra, WindowExtra;
        public IntPtr Instance, Icon, Cursor, Background;
        public string? MenuName;
        public string ClassName;
    }

    [LibraryImport("user32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetClientRect(IntPtr window, out Rect rect);

    [LibraryImport("user32.dll", EntryPoint = "CreateWindowExW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial IntPtr CreateWindowEx(uint exStyle, string className, string title, uint style, int x, int y, int width, int height,
        IntPtr parent, IntPtr menu, IntPtr instance, IntPtr parameter);

    [LibraryImport("user32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool DestroyWindow(IntPtr window);

    [LibraryImport("user32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool MoveWindow(IntPtr window, int x, int y, int width, int height, [MarshalAs(UnmanagedType.Bool)] bool repaint);

    [LibraryImport("user32.dll", EntryPoint = "DefWindowProcW")]
    public static partial IntPtr DefWindowProc(IntPtr window, uint message, IntPtr wParam, IntPtr lParam);

    [DllImport("user32.dll", EntryPoint = "RegisterClassW", SetLastError = true, CharSet = CharSet.Unicode)]
    public static extern ushort RegisterClass(ref WindowClass windowClass);

    [LibraryImport("kernel32.dll", EntryPoint = "GetModuleHandleW", StringMarshalling = StringMarshalling.Utf16)]
    public static partial IntPtr GetModuleHandle(string? module);

    /// <summary>The shell's own data object for a file: exactly what Explorer hands a drop target.</summary>
    [DllImport("shell32.dll", CharSet = CharSet.Unicode, PreserveSig = false)]
    public static extern void SHCreateItemFromParsingName(string path, IntPtr bindContext, [MarshalAs(UnmanagedType.LPStruct)] Guid riid,
        [MarshalAs(UnmanagedType.Interface)] out IShellItem item);

    /// <summary>Runs a modal OLE drag with the shell's default drop source (the mouse button must be down).</summary>
    [DllImport("shell32.dll", PreserveSig = true)]
    public static extern int SHDoDragDrop(IntPtr window, [MarshalAs(UnmanagedType.IUnknown)] object dataObject, IntPtr dropSource, uint okEffects, out uint effect);

    public static readonly Guid ShellItemId = new("43826d1e-e718-42ee-bc55-a1e261c37bfe");
    public static readonly Guid BindToDataObject = new("b8c0bd9f-ed24-455c-83e6-d5390c4fe8c4");
    public static readonly Guid DataObjectId = new("0000010e-0000-0000-c000-000000000046");

    [ComImport]
    [Guid("43826d1e-e718-42ee-bc55-a1e261c37bfe")]
    [InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    public interface IShellItem
    {
        [return: MarshalAs(UnmanagedType.IUnknown)]
        object BindToHandler(IntPtr bindContext, [MarshalAs(UnmanagedType.LPStruct)] Guid handler, [MarshalAs(UnmanagedType.LPStruct)] Guid riid);

        void GetParent(out IShellItem parent);

        void GetDisplayName(uint kind, out IntPtr name);

        void GetAttributes(uint mask, out uint attributes);

        void Compare(IShellItem other, uint hint, out int order);
    }
}
