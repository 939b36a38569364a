using System.Net;
using System.Text.Json;

namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>
/// The Hugging Face hub's URL layout: the file listing of a revision at
/// <c>{endpoint}/api/models/{repo}/revision/{revision}?blobs=true</c> (each sibling with its <c>rfilename</c>,
/// <c>size</c>, <c>blobId</c> and, for LFS files, <c>lfs.sha256</c>), and a file's bytes at
/// <c>{endpoint}/{repo}/resolve/{revision}/{path}</c>. The revision is one URL segment (<c>refs/pr/11</c> is sent
/// as <c>refs%2Fpr%2F11</c>).
/// </summary>
public sealed class HubClient
{
    /// <summary>The public hub.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>The environment variable that overrides the endpoint (as Hugging Face's own tools read it).</summary>
    public const string EndpointVariable = "HF_ENDPOINT";

    private readonly HttpClient _http;

    /// <summary>A client of the hub at <paramref name="endpoint"/>.</summary>
    public HubClient(HttpClient http, Uri endpoint)
    {
        _http = http;
        Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/");
    }

    /// <summary>The hub's base address.</summary>
    public Uri Endpoint { get; }

    /// <summary>The address of a file's bytes at a revision.</summary>
    public Uri ResolveUri(string repository, string revision, string path) =>
        new(Endpoint, $"{repository}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>The address of a revision's file listing.</summary>
    public Uri ListingUri(string repository, string revision) =>
        new(Endpoint, $"api/models/{repository}/revision/{Uri.EscapeDataString(revision)}?blobs=true");

    /// <summary>Every file of <paramref name="repository"/> at <paramref name="revision"/>, with sizes and hashes.</summary>
    public async Task<IReadOnlyList<HubFile>> ListAsync(string repository, string revision, CancellationToken cancellation)
    {
        if (!IsRepositoryName(repository))
        {
            throw new ModelInstallException($"'{repository}' is not a hub repository name; give it as owner/name, e.g. {ModelInstallOptions.RiffusionRepository}.");
        }

        Uri uri = ListingUri(repository, revision);
        string json;
        try
        {
            using HttpResponseMessage response = await _http.GetAsync(uri, cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ModelInstallException(response.StatusCode switch
                {
                    HttpStatusCode.NotFound => $"the hub has no model '{repository}' at revision '{revision}' (HTTP 404 from {uri}); check --revision and the model name.",
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"the hub refused the listing of '{repository}' (HTTP {(int)response.StatusCode} from {uri}); the model may be gated or private.",
                    _ => $"the hub answered HTTP {(int)response.StatusCode} for the listing of '{repository}' at {uri}; try again later.",
                });
            }

            json = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            throw Unreachable(uri, e);
        }

        return Parse(json, uri);
    }

    /// <summary>True for <c>owner/name</c> made of letters, digits, <c>-</c>, <c>_</c> and <c>.</c> (no <c>..</c>), as the hub names repositories.</summary>
    public static bool IsRepositoryName(string repository) =>
        repository.Split('/') is [{ Length: > 0 } owner, { Length: > 0 } name]
        && (owner + name).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && !repository.Contains("..", StringComparison.Ordinal);

    /// <summary>The error for a hub that cannot be reached.</summary>
    public static ModelInstallException Unreachable(Uri uri, Exception e) =>
        new($"cannot reach {uri.GetLeftPart(UriPartial.Authority)} ({e.Message}); check the network, set {EndpointVariable} or --endpoint to a mirror, or install from local files with --from PATH.", e);

    private static List<HubFile> Parse(string json, Uri uri)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("siblings", out JsonElement siblings) || siblings.ValueKind != JsonValueKind.Array)
            {
                throw new ModelInstallException($"the listing at {uri} has no file list (\"siblings\"); the endpoint is not a Hugging Face hub.");
            }

            var files = new List<HubFile>();
            foreach (JsonElement sibling in siblings.EnumerateArray())
            {
                if (!sibling.TryGetProperty("rfilename", out JsonElement name) || name.GetString() is not { Length: > 0 } path)
                {
                    continue;
                }

                long size = sibling.TryGetProperty("size", out JsonElement s) && s.TryGetInt64(out long bytes) ? bytes : -1;
                string? sha256 = null;
                if (sibling.TryGetProperty("lfs", out JsonElement lfs) && lfs.ValueKind == JsonValueKind.Object)
                {
                    // The revision listing calls it sha256; the tree listing of newer hub versions calls it oid.
                    sha256 = (lfs.TryGetProperty("sha256", out JsonElement oid) || lfs.TryGetProperty("oid", out oid)) ? oid.GetString()?.ToLowerInvariant() : null;
                    size = lfs.TryGetProperty("size", out JsonElement lfsSize) && lfsSize.TryGetInt64(out long lfsBytes) ? lfsBytes : size;
                }

                string? blob = sibling.TryGetProperty("blobId", out JsonElement b) ? b.GetString()?.ToLowerInvariant() : null;
                files.Add(new HubFile(path, size, sha256, sha256 is null ? blob : null));
            }

            return files;
        }
        catch (JsonException e)
        {
            throw new ModelInstallException($"the listing at {uri} is not JSON ({e.Message}); the endpoint is not a Hugging Face hub.", e);
        }
    }
}
