namespace RiffusionVst.Protocol.Transport;

/// <summary>
/// An exclusive lock file per pipe name, held for the listener's life; the OS drops it when the process dies.
/// </summary>
/// <remarks>
/// Needed because on Linux and macOS .NET pipes are Unix domain sockets, and a second server with the same name
/// silently replaces the socket file: new clients reach the newcomer and the first server is orphaned. A locked
/// file (FileShare.None, which .NET maps to flock on Unix and to a share mode on Windows) settles it atomically.
/// </remarks>
internal sealed class PipeNameLock : IDisposable
{
    private readonly FileStream _file;

    private PipeNameLock(FileStream file) => _file = file;

    public static string PathFor(string pipeName) => Path.Combine(Path.GetTempPath(), $"riffusion-vst-{pipeName}.lock");

    /// <summary>Takes the lock, or returns null when another listener holds it.</summary>
    public static PipeNameLock? TryAcquire(string pipeName)
    {
        try
        {
            var file = new FileStream(PathFor(pipeName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return new PipeNameLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        // The file itself stays: deleting it would let a waiting process lock a different inode than a third one.
        _file.Dispose();
    }
}
