using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace RiffusionVst.Plugin.Editor;

/// <summary>
/// The editor without WebView2 (its runtime is missing): a line saying so and one button that opens the control page in
/// the default browser, as plain Win32 child windows of the host's editor frame.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class BrowserButton : IDisposable
{
    private const string ClassName = "RiffusionVstEditorFallback";
    private const int ButtonId = 1;

    // Kept alive for as long as the class is registered: the window procedure is called from native code.
    private static readonly NativeMethods.WindowProc Procedure = Dispatch;
    private static readonly Dictionary<IntPtr, Action> Clicks = [];
    private static bool _registered;

    private readonly IntPtr _frame;

    public BrowserButton(IntPtr parent, string reason, Action open)
    {
        Register();
        NativeMethods.GetClientRect(parent, out var area);
        _frame = NativeMethods.CreateWindowEx(0, ClassName, "", NativeMethods.WsChild | NativeMethods.WsVisible,
            0, 0, area.Right, area.Bottom, parent, IntPtr.Zero, NativeMethods.GetModuleHandle(null), IntPtr.Zero);
        NativeMethods.CreateWindowEx(0, "STATIC", reason, NativeMethods.WsChild | NativeMethods.WsVisible | NativeMethods.SsCenter,
            20, 20, Math.Max(200, area.Right - 40), 60, _frame, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        NativeMethods.CreateWindowEx(0, "BUTTON", "Open the control page in the browser", NativeMethods.WsChild | NativeMethods.WsVisible | NativeMethods.BsPushButton,
            20, 100, 320, 36, _frame, (IntPtr)ButtonId, IntPtr.Zero, IntPtr.Zero);
        Clicks[_frame] = open;
    }

    public void Resize(int width, int height) => NativeMethods.MoveWindow(_frame, 0, 0, width, height, true);

    public void Dispose()
    {
        Clicks.Remove(_frame);
        NativeMethods.DestroyWindow(_frame);
    }

    private static void Register()
    {
        if (_registered)
            return;
        var windowClass = new NativeMethods.WindowClass
        {
            WindowProc = Marshal.GetFunctionPointerForDelegate(Procedure),
            Instance = NativeMethods.GetModuleHandle(null),
            Background = 6, // COLOR_WINDOW + 1
            ClassName = ClassName,
        };
        NativeMethods.RegisterClass(ref windowClass);
        _registered = true;
    }

    private static IntPtr Dispatch(IntPtr window, uint message, IntPtr wParam, IntPtr lParam)
    {
        // BN_CLICKED arrives as WM_COMMAND with the button's id in the low word.
        if (message == NativeMethods.WmCommand && (wParam & 0xFFFF) == ButtonId && Clicks.TryGetValue(window, out var open))
            open();
        return NativeMethods.DefWindowProc(window, message, wParam, lParam);
    }
}
