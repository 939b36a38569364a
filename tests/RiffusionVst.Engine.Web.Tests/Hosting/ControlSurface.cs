using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RiffusionVst.Plugin.Acceptance.Tests.Engine;
using RiffusionVst.Plugin.Acceptance.Tests.Hosting;

namespace RiffusionVst.Engine.Web.Tests.Hosting;

/// <summary>
/// What every control-page test shares: the real <c>riffusion-engine serve</c> (tiny model) as its own process with
/// the page on a free loopback port, one plugin core instance connected to it over the real pipe (it started the
/// engine, as beside a DAW), and Debian's chromium driven by Playwright.
/// </summary>
public sealed partial class ControlSurface : IAsyncLifetime
{
    /// <summary>Chromium's flags for a headless run on a machine with no GPU and no network.</summary>
    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required",
    ];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal EngineProcess Engine { get; } = new("--http-port", "0");

    internal PluginInstance Plugin { get; private set; } = null!;

    /// <summary>The page's address with its token, as the engine logged it.</summary>
    public string PageUrl { get; private set; } = "";

    /// <summary>The loopback port the page is served on.</summary>
    public int Port { get; private set; }

    /// <summary>This engine start's token.</summary>
    public string Token { get; private set; } = "";

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Origin => $"http://127.0.0.1:{Port}";

    /// <summary>The browser all pages are opened in.</summary>
    public IBrowser Browser => _browser!;

    public async Task InitializeAsync()
    {
        Plugin = new PluginInstance(Engine);
        Plugin.Start();
        Match match = await WaitForAsync(() => PageLine().Match(Engine.LogText) is { Success: true } m ? m : null, "the engine to log its control page");
        PageUrl = match.Groups[1].Value;
        Port = int.Parse(match.Groups[2].Value);
        Token = match.Groups[3].Value;
        string id = Plugin.InstanceId.ToString();
        using (var http = Http())
        {
            http.DefaultRequestHeaders.Add("X-Riffusion-Token", Token);
            await WaitForAsync(async () => (await http.GetStringAsync($"{Origin}/api/instances")).Contains(id) ? id : null, "the plugin instance to appear on the page");
        }

        string chromium = Environment.GetEnvironmentVariable("RIFFUSION_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium is not at {chromium}; run ./run-tests.sh (it installs it with apt-get) or set RIFFUSION_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArguments });
    }

    /// <summary>A fresh browser tab (its own cookie jar) on the page, after the token was traded for a cookie and the page started.</summary>
    public async Task<IPage> OpenPageAsync(string fragment = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(PageUrl + fragment);
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        return page;
    }

    /// <summary>
    /// Plays the host's song (120 BPM, from bar 1) through the plugin until its whole alpha grid has arrived, so the
    /// instance has asked for a new grid (set something new first) and all of it has arrived.
    /// </summary>
    internal async Task PlayUntilGridReadyAsync()
    {
        int requestsBefore = Engine.RenderRequests;
        var song = new Song(Plugin, 120, () => Engine.LogText);
        await song.PlayUntilAsync(() => Engine.RenderRequests > requestsBefore && Plugin.Client.Status.Text == "Connected — all loops ready",
            "the plugin's grid to be rendered", 120);
    }

    /// <summary>An HTTP client that keeps no cookies and follows no redirects (each test says exactly what it sends).</summary>
    public static HttpClient Http() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = Patience };

    /// <summary>Polls <paramref name="probe"/> until it gives a value; fails after two minutes, saying what was awaited.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                    return value;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.");
            await Task.Delay(50);
        }
    }

    public static Task<T> WaitForAsync<T>(Func<T?> probe, string what)
        where T : class => WaitForAsync(() => Task.FromResult(probe()), what);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        await Plugin.DisposeAsync();
        Engine.Dispose();
    }

    [GeneratedRegex(@"control page: (http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]{64}))")]
    private static partial Regex PageLine();
}

/// <summary>The tests that share one engine, one plugin instance and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class ControlSurfaceCollection : ICollectionFixture<ControlSurface>
{
    public const string Name = "control surface";
}
