using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using RiffusionVst.Engine.Web.Tests.Hosting;

namespace RiffusionVst.Engine.Web.Tests.Security;

/// <summary>The page's guard over real HTTP against the real engine: token, Host, Origin, paths, sizes, interfaces.</summary>
[Collection(ControlSurfaceCollection.Name)]
public sealed class AccessTests(ControlSurface surface)
{
    private const string TokenHeader = "X-Riffusion-Token";

    private string Cookie => $"riffusion_page_{surface.Port}={surface.Token}";

    [Theory]
    [InlineData("/")]
    [InlineData("/api/instances")]
    [InlineData("/api/events")]
    [InlineData("/page/app.js")]
    [InlineData("/nowhere")]
    public async Task A_request_without_the_token_gets_401(string path)
    {
        using var http = ControlSurface.Http();
        using var response = await http.GetAsync(surface.Origin + path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_in_the_link_gets_401_and_no_cookie()
    {
        using var http = ControlSurface.Http();
        using var response = await http.GetAsync($"{surface.Origin}/?token={new string('0', 64)}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_token_link_sets_an_http_only_same_site_cookie_and_leaves_the_address_bar()
    {
        using var http = ControlSurface.Http();
        using var response = await http.GetAsync(surface.PageUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        string cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(Cookie + ";", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_the_cookie_the_page_is_served_under_a_strict_content_security_policy()
    {
        using var http = ControlSurface.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, surface.Origin + "/");
        request.Headers.Add("Cookie", Cookie);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1:1")]
    [InlineData("localhost.evil.example:{port}")]
    public async Task A_request_for_another_host_is_refused_even_with_the_cookie(string host)
    {
        using var http = ControlSurface.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, surface.Origin + "/api/instances");
        request.Headers.Host = host.Replace("{port}", surface.Port.ToString());
        request.Headers.Add("Cookie", Cookie);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task Loopback_host_names_with_our_port_are_served(string host)
    {
        using var http = ControlSurface.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, surface.Origin + "/api/engine");
        request.Headers.Host = $"{host}:{surface.Port}";
        request.Headers.Add("Cookie", Cookie);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/render", "http://evil.example")]
    [InlineData("/api/clips/x/trash", "http://evil.example")]
    [InlineData("/no/such/endpoint", "http://evil.example")]
    [InlineData("/api/render", "null")]
    [InlineData("/api/render", "http://localhost:1")]
    [InlineData("/api/render", null)]
    public async Task A_cross_origin_post_to_any_path_is_forbidden_even_with_the_cookie_and_token(string path, string? origin)
    {
        using var http = ControlSurface.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, surface.Origin + path) { Content = new StringContent("promptA=x") };
        request.Headers.Add("Cookie", Cookie);
        request.Headers.Add(TokenHeader, surface.Token);
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_same_origin_post_with_only_the_cookie_is_forbidden()
    {
        using var http = ControlSurface.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, surface.Origin + "/api/render") { Content = new StringContent("") };
        request.Headers.Add("Cookie", Cookie);
        request.Headers.Add("Origin", surface.Origin);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/clips/..%2F..%2F..%2Fetc%2Fpasswd/audio")]
    [InlineData("/clips/%2Fetc%2Fpasswd/audio")]
    [InlineData("/clips/..%5Cclips/image")]
    [InlineData("/clips/../../etc/passwd")]
    [InlineData("/clips/.writing-x/audio")]
    [InlineData("/page/..%2Findex.html")]
    public async Task A_clip_or_page_file_named_by_a_path_is_not_found(string path)
    {
        using var http = ControlSurface.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, surface.Origin + path);
        request.Headers.Add("Cookie", Cookie);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_upload_over_the_limit_gets_413_and_the_engine_keeps_serving()
    {
        using var http = ControlSurface.Http();
        using var content = new MultipartFormDataContent
        {
            { new StringContent("drums"), "promptA" },
            { new ByteArrayContent(new byte[17 << 20]), "seedAudio", "huge.wav" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, surface.Origin + "/api/render") { Content = content };
        // The engine answers from the declared length, before reading the body; the client waits for that answer.
        request.Headers.ExpectContinue = true;
        request.Headers.Add(TokenHeader, surface.Token);
        request.Headers.Add("Origin", surface.Origin);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        using var after = new HttpRequestMessage(HttpMethod.Get, surface.Origin + "/api/engine");
        after.Headers.Add(TokenHeader, surface.Token);
        using var answer = await http.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task The_page_is_not_reachable_on_a_non_loopback_address()
    {
        IPAddress[] addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !IPAddress.IsLoopback(a) && (a.AddressFamily == AddressFamily.InterNetwork || a.IsIPv6LinkLocal == false))
            .ToArray();
        foreach (IPAddress address in addresses)
        {
            using var client = new TcpClient(address.AddressFamily);
            var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(address, surface.Port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        using var loopback = new TcpClient(AddressFamily.InterNetwork);
        await loopback.ConnectAsync(IPAddress.Loopback, surface.Port);
        Assert.True(loopback.Connected);
    }

    [Fact]
    public void The_kernel_lists_the_pages_listening_sockets_on_loopback_addresses_only()
    {
        if (!OperatingSystem.IsLinux())
            return; // /proc/net is Linux's; the connection test above holds everywhere
        string port = surface.Port.ToString("X4");
        // /proc/net/tcp{,6}: "sl local_address rem_address st …"; st 0A is LISTEN; addresses are hex words in host order.
        string[] listening = new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 3 && f[3] == "0A" && f[1].EndsWith(":" + port, StringComparison.Ordinal))
            .Select(f => f[1][..f[1].IndexOf(':')])
            .ToArray();
        Assert.NotEmpty(listening);
        Assert.All(listening, address => Assert.Contains(address, new[] { "0100007F", "00000000000000000000000001000000" }));
    }

    [Fact]
    public void The_address_file_holds_the_logged_link_and_only_its_user_may_read_it()
    {
        string path = RiffusionVst.Engine.Service.Web.Access.PageAddressFile.PathFor(surface.Engine.PipeName);
        Assert.Equal(surface.PageUrl, File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
