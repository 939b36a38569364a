using System.Diagnostics;
using System.Drawing;
using System.Runtime.Versioning;
using System.Text.Json;
using Microsoft.Web.WebView2.Core;

namespace RiffusionVst.Plugin.Editor;

/// <summary>
/// The plugin's editor: the engine's control page at this instance, hosted in WebView2 on the host's editor window.
/// When the WebView2 runtime is missing (or the engine has not said where its page is yet) it shows a button that opens
/// the page in the default browser. A clip dragged out of the page starts a native file drag of its WAV.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class PageEditor : IDisposable
{
    private readonly IntPtr _parent;
    private readonly Func<string?> _pageUrl;
    private readonly Action<string> _log;
    private CoreWebView2Controller? _webView;
    private BrowserButton? _fallback;
    private bool _closed;

    private PageEditor(IntPtr parent, Func<string?> pageUrl, Action<string> log)
    {
        _parent = parent;
        _pageUrl = pageUrl;
        _log = log;
    }

    /// <summary>Shows the editor in <paramref name="parent"/>; the page's address is asked for each time it is needed.</summary>
    public static PageEditor Show(IntPtr parent, Func<string?> pageUrl, Action<string> log)
    {
        var editor = new PageEditor(parent, pageUrl, log);
        if (pageUrl() is not { } url)
            editor.ShowFallback("The engine has not said where its control page is yet (is it running, without --no-http?).");
        else
            _ = editor.ShowPageAsync(url);
        return editor;
    }

    public void Resize(int width, int height)
    {
        if (_webView is not null)
            _webView.Bounds = new Rectangle(0, 0, width, height);
        _fallback?.Resize(width, height);
    }

    public void Dispose()
    {
        _closed = true;
        _webView?.Close();
        _webView = null;
        _fallback?.Dispose();
        _fallback = null;
    }

    private async Task ShowPageAsync(string url)
    {
        try
        {
            // Throws WebView2RuntimeNotFoundException where the Evergreen runtime is not installed.
            CoreWebView2Environment.GetAvailableBrowserVersionString();
            string data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "RiffusionVst", "WebView2");
            var environment = await CoreWebView2Environment.CreateAsync(null, data);
            var webView = await environment.CreateCoreWebView2ControllerAsync(_parent);
            if (_closed)
            {
                webView.Close();
                return;
            }
            _webView = webView;
            NativeMethods.GetClientRect(_parent, out var area);
            webView.Bounds = new Rectangle(0, 0, area.Right, area.Bottom);
            webView.CoreWebView2.Settings.AreDevToolsEnabled = false;
            webView.CoreWebView2.WebMessageReceived += OnMessage;
            webView.CoreWebView2.Navigate(url);
        }
        catch (Exception e) when (e is WebView2RuntimeNotFoundException or System.Runtime.InteropServices.COMException or InvalidOperationException)
        {
            _log($"RiffusionVst editor: WebView2 is not available ({e.Message}); showing the browser button.");
            ShowFallback("The WebView2 runtime is not installed, so the control page cannot be shown here.");
        }
    }

    // The page posts {type: "drag-clip", path} from a clip row's dragstart, while the mouse button is still down.
    private void OnMessage(object? sender, CoreWebView2WebMessageReceivedEventArgs e)
    {
        using var message = JsonDocument.Parse(e.WebMessageAsJson);
        if (message.RootElement.TryGetProperty("type", out var type) && type.GetString() == "drag-clip"
            && message.RootElement.TryGetProperty("path", out var path) && path.GetString() is { } file
            && FileDrag.Start(_parent, file) is { } problem)
            _log("RiffusionVst editor: " + problem);
    }

    private void ShowFallback(string reason)
    {
        if (_closed || _fallback is not null)
            return;
        _fallback = new BrowserButton(_parent, reason, OpenInBrowser);
    }

    private void OpenInBrowser()
    {
        if (_pageUrl() is not { } url)
        {
            _log("RiffusionVst editor: the engine has not said where its control page is; run 'riffusion-engine open'.");
            return;
        }
        using var browser = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
    }
}
