using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RiffusionVst.Engine.Tests.Diffusion.Install;

/// <summary>
/// A real HTTP server on 127.0.0.1 in the Hugging Face hub's URL layout (<c>/api/models/{repo}/revision/{rev}</c>
/// listing with LFS sha256, <c>/{repo}/resolve/{rev}/{path}</c> with Range support), serving a folder, with faults
/// a test can switch on: a connection dropped at a byte, corrupted bytes, a wrong listed hash, a 404.
/// </summary>
internal sealed class LocalHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files;
    private readonly Task _serving;
    private int _listings;
    private int _redirects;

    public LocalHub(string folder, string repository = "riffusion/riffusion-model-v1", string revision = "main")
    {
        Repository = repository;
        Revision = revision;
        _files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal);
        Endpoint = Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Repository { get; }

    public string Revision { get; }

    public Uri Endpoint { get; }

    /// <summary>Listing requests answered (any revision).</summary>
    public int Listings => _listings;

    /// <summary>Every file request: its path and the Range header it carried (null when none).</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    /// <summary>The connection of a request for this path is dropped when the response reaches this byte of the file…</summary>
    public ConcurrentDictionary<string, long> DropAt { get; } = new();

    /// <summary>…for this many requests.</summary>
    public ConcurrentDictionary<string, int> DropsLeft { get; } = new();

    /// <summary>Requests for this path get one byte flipped, this many times.</summary>
    public ConcurrentDictionary<string, int> CorruptLeft { get; } = new();

    /// <summary>Paths listed with a wrong sha256.</summary>
    public ConcurrentDictionary<string, bool> WrongHash { get; } = new();

    /// <summary>When set, file requests are answered with a 302 to <c>/cdn/{path}</c>, as the hub sends LFS files to its CDN.</summary>
    public bool RedirectToCdn { get; set; }

    /// <summary>Redirects sent.</summary>
    public int Redirects => _redirects;

    /// <summary>Paths listed but answered with 404.</summary>
    public ConcurrentDictionary<string, bool> Missing { get; } = new();

    public IEnumerable<(string Path, string? Range)> RequestsFor(string path) => Requests.Where(r => r.Path == path);

    public long SizeOf(string path) => _files[path].Length;

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }

    private Uri Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            string prefix = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(prefix);
            try
            {
                _listener.Start();
                return new Uri(prefix);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away mid-answer.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        string raw = context.Request.RawUrl ?? "/";
        string path = raw.Split('?')[0];
        if (path.StartsWith("/api/models/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _listings);
        }

        string listing = $"/api/models/{Repository}/revision/{Uri.EscapeDataString(Revision)}";
        string resolve = $"/{Repository}/resolve/{Uri.EscapeDataString(Revision)}/";
        if (path == listing)
        {
            Send(context.Response, 200, Encoding.UTF8.GetBytes(Listing()));
        }
        else if (path.StartsWith(resolve, StringComparison.Ordinal) && RedirectToCdn)
        {
            Interlocked.Increment(ref _redirects);
            context.Response.Redirect(new Uri(Endpoint, "cdn/" + path[resolve.Length..]).AbsoluteUri);
            context.Response.Close();
        }
        else if (path.StartsWith(resolve, StringComparison.Ordinal) || path.StartsWith("/cdn/", StringComparison.Ordinal))
        {
            string file = Uri.UnescapeDataString(path[(path.StartsWith("/cdn/", StringComparison.Ordinal) ? "/cdn/".Length : resolve.Length)..]);
            Requests.Enqueue((file, context.Request.Headers["Range"]));
            if (!_files.TryGetValue(file, out byte[]? bytes) || Missing.ContainsKey(file))
            {
                Send(context.Response, 404, "Entry not found"u8.ToArray());
                return;
            }

            SendFile(context, file, bytes);
        }
        else
        {
            Send(context.Response, 404, "Repository not found"u8.ToArray());
        }
    }

    private void SendFile(HttpListenerContext context, string file, byte[] bytes)
    {
        if (CorruptLeft.TryGetValue(file, out int corrupt) && corrupt > 0)
        {
            CorruptLeft[file] = corrupt - 1;
            bytes = (byte[])bytes.Clone();
            bytes[bytes.Length / 2] ^= 0xFF;
        }

        long from = 0;
        HttpListenerResponse response = context.Response;
        if (context.Request.Headers["Range"] is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            from = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (from >= bytes.Length)
            {
                response.AddHeader("Content-Range", $"bytes */{bytes.Length}");
                Send(response, 416, []);
                return;
            }

            response.StatusCode = 206;
            response.AddHeader("Content-Range", $"bytes {from}-{bytes.Length - 1}/{bytes.Length}");
        }
        else
        {
            response.StatusCode = 200;
        }

        response.ContentLength64 = bytes.Length - from;
        long end = bytes.Length;
        bool drop = DropsLeft.TryGetValue(file, out int drops) && drops > 0 && DropAt.TryGetValue(file, out long at) && (end = Math.Max(at, from)) < bytes.Length;
        if (drop)
        {
            DropsLeft[file] = drops - 1;
        }

        using (Stream output = response.OutputStream)
        {
            output.Write(bytes, (int)from, (int)(end - from));
            output.Flush();
            if (drop)
            {
                response.Abort();
                return;
            }
        }

        response.Close();
    }

    private string Listing()
    {
        var siblings = _files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f =>
        {
            bool large = f.Key.EndsWith(".safetensors", StringComparison.Ordinal) || f.Key.EndsWith(".bin", StringComparison.Ordinal);
            var sibling = new Dictionary<string, object> { ["rfilename"] = f.Key, ["size"] = f.Value.Length };
            if (large)
            {
                string sha = Convert.ToHexStringLower(SHA256.HashData(f.Value));
                sibling["blobId"] = new string('0', 40);
                sibling["lfs"] = new Dictionary<string, object> { ["sha256"] = WrongHash.ContainsKey(f.Key) ? new string('a', 64) : sha, ["size"] = f.Value.Length, ["pointerSize"] = 134 };
            }
            else
            {
                sibling["blobId"] = Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {f.Value.Length}\0"), .. f.Value]));
            }

            return sibling;
        });
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = Repository, ["sha"] = "0123456789abcdef0123456789abcdef01234567", ["siblings"] = siblings.ToList() });
    }

    private static void Send(HttpListenerResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }
}
