using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RiffusionVst.Engine.Service.Logging;
using RiffusionVst.Engine.Service.Web.Access;
using RiffusionVst.Engine.Service.Web.Endpoints;
using RiffusionVst.Engine.Service.Web.Library;
using RiffusionVst.Engine.Service.Web.Live;
using RiffusionVst.Engine.Service.Web.Rendering;

namespace RiffusionVst.Engine.Service.Web;

/// <summary>
/// The musician's control page: Kestrel on the loopback interface only (127.0.0.1, and ::1 where the system has it),
/// guarded by a per-start token (<see cref="AccessGuard"/>), serving the page's files from the engine's resources, a
/// small JSON API over the engine's own pipe, and live events (Server-Sent Events) from the service's observers.
/// </summary>
public sealed class WebSurface : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LiveEvents _events;
    private readonly EngineServer _server;
    private readonly string _addressFile;

    private WebSurface(WebApplication app, LiveEvents events, EngineServer server, int port, AccessToken token, string addressFile)
    {
        _app = app;
        _events = events;
        _server = server;
        Port = port;
        Token = token.Value;
        _addressFile = addressFile;
        Address = $"http://127.0.0.1:{port}/?token={Token}";
    }

    /// <summary>The TCP port served on loopback.</summary>
    public int Port { get; }

    /// <summary>This start's access token.</summary>
    public string Token { get; }

    /// <summary>The page's address with its token (what <c>riffusion-engine open</c> opens).</summary>
    public string Address { get; }

    /// <summary>The page's address opened at one instance's entry (null: the Instances page).</summary>
    public string AddressFor(Guid? instance) => instance is { } id ? $"{Address}#instance={id}" : Address;

    /// <summary>Starts the page for <paramref name="server"/>; on failure (port taken) logs why and returns null, and the engine serves on without it.</summary>
    internal static async Task<WebSurface?> TryStartAsync(EngineServer server, WebSurfaceOptions options, EngineLog log)
    {
        int port = options.Port == 0 ? FreePort() : options.Port;
        var token = AccessToken.Create();
        var events = new LiveEvents(() => server.Sessions, server.Generator.IsTiny ? "tiny model" : server.Generator.RunsDiffusion ? "" : "no diffusion");
        WebApplication app = Build(server, options, port, token, events);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            log.Warning($"the control page could not listen on port {port} ({e.Message}); choose another with --http-port, or --no-http");
            await app.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        server.Observers.Add(events);
        string addressFile = options.AddressFile ?? PageAddressFile.PathFor(server.PipeName);
        var surface = new WebSurface(app, events, server, port, token, addressFile);
        PageAddressFile.Write(addressFile, surface.Address);
        log.Info($"control page: {surface.Address} (loopback only; 'riffusion-engine open' opens it)");
        return surface;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _server.Observers.Remove(_events);
        _events.CompleteAll();
        PageAddressFile.Remove(_addressFile, Address);
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            await _app.StopAsync(patience.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static WebApplication Build(EngineServer server, WebSurfaceOptions options, int port, AccessToken token, LiveEvents events)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            // Loopback addresses only: the page is never reachable from another machine.
            kestrel.Listen(IPAddress.Loopback, port);
            if (HasIpv6Loopback())
                kestrel.Listen(IPAddress.IPv6Loopback, port);
        });

        WebApplication app = builder.Build();
        var guard = new AccessGuard(token, port, options.MaxRequestBytes);
        app.Use(guard.InvokeAsync); // before routing: a refused request never reaches an endpoint
        var link = new EngineLink(server.PipeName);
        var clips = server.Clips is { } library ? new ClipCatalog(library.Folder) : null;
        PageEndpoints.Map(app, token);
        InstanceEndpoints.Map(app, events, link);
        ClipEndpoints.Map(app, clips);
        RenderEndpoints.Map(app, server.Generator, link, clips, options.MaxRequestBytes);
        EventEndpoints.Map(app, events);
        return app;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static bool HasIpv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
            return false;
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
