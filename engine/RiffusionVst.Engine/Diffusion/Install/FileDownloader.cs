using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>
/// Downloads one hub file into place: into <c>&lt;file&gt;.part</c>, resuming with an HTTP Range request after a
/// dropped connection (or a download interrupted in an earlier run), then checks its size and its sha256 against
/// the hub's LFS object id (git blob id for small files). A file whose hash does not match is fetched once more
/// from scratch; a second mismatch is an error. Only a verified file gets its final name.
/// </summary>
public sealed class FileDownloader
{
    /// <summary>Connection drops in a row that bring no new bytes before the download gives up.</summary>
    public const int MaxFruitlessAttempts = 3;

    private const int BufferBytes = 1 << 20;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _readTimeout;

    /// <summary>A downloader; a read that brings nothing for <paramref name="readTimeout"/> counts as a dropped connection.</summary>
    public FileDownloader(HttpClient http, TimeProvider time, TimeSpan readTimeout)
    {
        _http = http;
        _time = time;
        _readTimeout = readTimeout;
    }

    /// <summary>Fetches <paramref name="file"/> from <paramref name="uri"/> to <paramref name="destination"/>; returns the bytes transferred.</summary>
    public async Task<long> DownloadAsync(HubFile file, Uri uri, string destination, IProgress<DownloadProgress>? progress, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        string part = destination + ".part";
        long transferred = 0;
        for (int fetch = 1; ; fetch++)
        {
            transferred += await FetchAsync(file, uri, part, progress, cancellation).ConfigureAwait(false);
            string? mismatch = await VerifyAsync(file, part, cancellation).ConfigureAwait(false);
            if (mismatch is null)
            {
                File.Move(part, destination, overwrite: true);
                return transferred;
            }

            File.Delete(part);
            if (fetch == 2)
            {
                throw new ModelInstallException(
                    $"'{file.Path}' from {uri} {mismatch}, twice in a row: the download is corrupted on the way or the server sends other bytes than the hub lists. Try again later, use another --endpoint, or install from local files with --from PATH.");
            }
        }
    }

    private async Task<long> FetchAsync(HubFile file, Uri uri, string part, IProgress<DownloadProgress>? progress, CancellationToken cancellation)
    {
        long start = _time.GetTimestamp();
        long reportTicks = (long)(ReportInterval.TotalSeconds * _time.TimestampFrequency);
        long lastReport = start - reportTicks;
        long transferred = 0;
        int fruitless = 0;
        while (true)
        {
            long have = File.Exists(part) ? new FileInfo(part).Length : 0;
            if (file.Size >= 0 && have > file.Size)
            {
                File.Delete(part);
                have = 0;
            }

            if (file.Size >= 0 && have == file.Size)
            {
                // Complete (an empty file needs no request, only its empty part file).
                File.Open(part, FileMode.Append).Dispose();
                return transferred;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (have > 0)
            {
                request.Headers.Range = new RangeHeaderValue(have, null);
            }

            long before = transferred;
            try
            {
                using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    // The part file already holds everything (size unknown) or something the server does not know: start over.
                    if (file.Size < 0)
                    {
                        return transferred;
                    }

                    File.Delete(part);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new ModelInstallException(response.StatusCode == HttpStatusCode.NotFound
                        ? $"'{file.Path}' is not on the server (HTTP 404 from {uri}); check --revision, or the endpoint's layout."
                        : $"the server answered HTTP {(int)response.StatusCode} for '{file.Path}' ({uri}); try again later.");
                }

                bool partial = response.StatusCode == HttpStatusCode.PartialContent;
                if (partial && response.Content.Headers.ContentRange?.From != have)
                {
                    // A part other than the one asked for: start the file over rather than splice it in.
                    File.Delete(part);
                    continue;
                }

                bool append = have > 0 && partial;
                using var output = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes);
                have = append ? have : 0;
                using Stream body = await Network(() => response.Content.ReadAsStreamAsync(cancellation)).ConfigureAwait(false);
                var buffer = new byte[BufferBytes];
                while (true)
                {
                    int read = await ReadAsync(body, buffer, cancellation).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    output.Write(buffer, 0, read);
                    have += read;
                    transferred += read;
                    long now = _time.GetTimestamp();
                    if (now - lastReport >= reportTicks)
                    {
                        lastReport = now;
                        progress?.Report(new DownloadProgress(file.Path, have, file.Size, transferred, _time.GetElapsedTime(start)));
                    }
                }

                progress?.Report(new DownloadProgress(file.Path, have, file.Size, transferred, _time.GetElapsedTime(start)));
                if (file.Size < 0 || have >= file.Size)
                {
                    return transferred;
                }
            }
            catch (Exception e) when (e is HttpRequestException or DroppedConnection or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                // A dropped or stalled connection: go on from what is on disk with a Range request.
                fruitless = transferred > before ? 0 : fruitless + 1;
                if (fruitless >= MaxFruitlessAttempts)
                {
                    throw new ModelInstallException(
                        $"the connection for '{file.Path}' ({uri}) failed {MaxFruitlessAttempts} times in a row without progress ({e.Message}); check the network and run the install again: it resumes where it stopped.", e);
                }
            }
        }
    }

    private async Task<int> ReadAsync(Stream body, byte[] buffer, CancellationToken cancellation)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stall.CancelAfter(_readTimeout);
        try
        {
            return await Network(() => body.ReadAsync(buffer, stall.Token).AsTask()).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new DroppedConnection($"no data for {_readTimeout.TotalSeconds:0} s");
        }
    }

    // Network failures become DroppedConnection, so an IOException of the disk (full, unwritable) is never retried as one.
    private static async Task<T> Network<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new DroppedConnection(e.Message);
        }
    }

    private static async Task<string?> VerifyAsync(HubFile file, string part, CancellationToken cancellation)
    {
        long length = new FileInfo(part).Length;
        if (file.Size >= 0 && length != file.Size)
        {
            return $"has {length} bytes where the hub lists {file.Size}";
        }

        if (file.Sha256 is { } expected)
        {
            using FileStream stream = File.OpenRead(part);
            string got = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellation).ConfigureAwait(false));
            return got == expected ? null : $"has sha256 {got} where the hub lists {expected}";
        }

        if (file.GitBlobId is { } blob)
        {
            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            sha1.AppendData(Encoding.ASCII.GetBytes($"blob {length}\0"));
            sha1.AppendData(await File.ReadAllBytesAsync(part, cancellation).ConfigureAwait(false));
            string got = Convert.ToHexStringLower(sha1.GetHashAndReset());
            return got == blob ? null : $"has git blob id {got} where the hub lists {blob}";
        }

        return null;
    }

    private sealed class DroppedConnection(string message) : Exception(message);
}
