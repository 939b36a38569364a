using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RiffusionVst.Engine.Service.Web.Access;

namespace RiffusionVst.Engine.Service.Web.Endpoints;

/// <summary>The page's own files, shipped inside the engine assembly (no build step, no CDN); only names in the assembly are served.</summary>
internal static class PageEndpoints
{
    private const string Prefix = "page/";

    public static void Map(WebApplication app, AccessToken token)
    {
        var files = typeof(PageEndpoints).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(n => n[Prefix.Length..], n => Load(typeof(PageEndpoints).Assembly, n), StringComparer.Ordinal);

        // The page's scripts send the token in a header with every change; the cookie alone never suffices for one.
        string index = System.Text.Encoding.UTF8.GetString(files["index.html"]).Replace("{{TOKEN}}", token.Value, StringComparison.Ordinal);
        app.MapGet("/", () => Results.Content(index, "text/html; charset=utf-8"));
        app.MapGet("/page/{name}", (string name) =>
            files.TryGetValue(name, out byte[]? bytes) && name != "index.html"
                ? Results.Bytes(bytes, ContentType(name))
                : Results.NotFound());
    }

    private static byte[] Load(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
