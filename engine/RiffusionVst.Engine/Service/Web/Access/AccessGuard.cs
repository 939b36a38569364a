using Microsoft.AspNetCore.Http;

namespace RiffusionVst.Engine.Service.Web.Access;

/// <summary>
/// Runs before routing on every request, in this order: the page's security headers; the Host must be this server's
/// loopback address or localhost with our port (no DNS rebinding); a state-changing request needs the token header and
/// a same-origin Origin (403, even with a valid cookie); a body over the limit gets 413; a first visit with
/// <c>?token=</c> trades it for a cookie; everything else needs that cookie or the token header (401).
/// </summary>
internal sealed class AccessGuard(AccessToken token, int port, long maxRequestBytes)
{
    /// <summary>The header the page's scripts send the token in.</summary>
    public const string TokenHeader = "X-Riffusion-Token";

    // Nothing from elsewhere: no CDN, no inline script, no framing by another site.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private readonly string[] _hosts = [$"127.0.0.1:{port}", $"[::1]:{port}", $"localhost:{port}"];

    /// <summary>The cookie's name carries the port: browsers share cookies between ports of one host.</summary>
    public string CookieName { get; } = $"riffusion_page_{port}";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        HttpRequest request = context.Request;
        HttpResponse response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.CacheControl = "no-store";

        string host = request.Host.Value ?? "";
        if (!_hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest,
                $"This server answers only on 127.0.0.1:{port}, [::1]:{port} or localhost:{port}.").ConfigureAwait(false);
            return;
        }

        bool changesState = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
        if (changesState && (!token.Matches(request.Headers[TokenHeader]) || request.Headers.Origin.ToString() != "http://" + host))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden,
                "A change must come from the control page itself (same origin, with its token).").ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > maxRequestBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge,
                $"The upload is larger than {maxRequestBytes >> 20} MiB; send a shorter clip.").ConfigureAwait(false);
            return;
        }

        if (!changesState && request.Query.TryGetValue("token", out var offered))
        {
            if (!token.Matches(offered))
            {
                await RefuseAsync(context, StatusCodes.Status401Unauthorized, "That link's token is not this engine's; run 'riffusion-engine open' for the current link.").ConfigureAwait(false);
                return;
            }

            response.Cookies.Append(CookieName, token.Value, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            });
            // The token leaves the address bar (and the history); the fragment (#instance=…) stays with the browser.
            response.Redirect(request.PathBase + request.Path, permanent: false);
            return;
        }

        if (!token.Matches(request.Cookies[CookieName]) && !token.Matches(request.Headers[TokenHeader]))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized,
                "This page needs its link with the token: run 'riffusion-engine open', or open it from the plugin's editor.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
