namespace RiffusionVst.Protocol.Transport;

/// <summary>
/// An exclusive lock file per pipe name, held for the listener's life; the OS drops it when the process dies.
/// </summary>
/// <remarks>
/// Needed because on Linux and macOS .NET pipes are Unix domain sockets, and a second server with the same name
/// silently replaces the socket file: new clients reach the newcomer and the first server is orphaned. A locked
/// file (FileShare.None, which .NET maps to flock on Unix and to a share mode on Windows) settles it atomically.
/// <para>
/// The lock file of a per-user default name (<see cref="PipeNames.Prefix"/>…) stays after the listener: deleting it
/// would let a process that opened it just before the delete lock a different inode than a third one that creates
/// it anew, and several plugin instances start engines on that name at once. Every other name (given with --pipe,
/// and the random names of tests) is one engine's at a time, so its file is deleted on dispose, while still locked,
/// so the temporary folder does not fill up; an acquirer that finds its file deleted under it retries, and the
/// listener's connect probe still refuses a name that is served.
/// </para>
/// </remarks>
internal sealed class PipeNameLock : IDisposable
{
    private readonly FileStream _file;
    private readonly string _path;
    private readonly bool _deleteOnDispose;

    private PipeNameLock(FileStream file, string path, bool deleteOnDispose)
    {
        _file = file;
        _path = path;
        _deleteOnDispose = deleteOnDispose;
    }

    public static string PathFor(string pipeName) => PipeNames.LockFilePath(pipeName);

    /// <summary>Whether the lock file of <paramref name="pipeName"/> stays after the listener (per-user default names only).</summary>
    public static bool Keeps(string pipeName) => pipeName.StartsWith(PipeNames.Prefix, StringComparison.Ordinal);

    /// <summary>Takes the lock, or returns null when another listener holds it.</summary>
    public static PipeNameLock? TryAcquire(string pipeName)
    {
        string path = PathFor(pipeName);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException)
            {
                return null;
            }

            // Locked a file that its last holder deleted meanwhile: that inode guards nothing any more; take the new one.
            if (!File.Exists(path))
            {
                file.Dispose();
                continue;
            }

            return new PipeNameLock(file, path, deleteOnDispose: !Keeps(pipeName));
        }

        return null;
    }

    public void Dispose()
    {
        if (_deleteOnDispose)
        {
            try
            {
                File.Delete(_path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Windows refuses to delete a file open without FileShare.Delete; it is then left, as for default names.
            }
        }

        _file.Dispose();
    }
}
