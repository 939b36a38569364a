namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>
/// An exclusive lock file beside the target (<c>&lt;target&gt;.install.lock</c>) held for a whole install, so two
/// installs of one folder never interleave. The file stays after release (deleting it would let a third
/// process lock a file no one else sees).
/// </summary>
public sealed class InstallLock : IDisposable
{
    private readonly FileStream _file;

    private InstallLock(FileStream file) => _file = file;

    /// <summary>The lock file's path for a target folder.</summary>
    public static string PathFor(string target) => Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar) + ".install.lock";

    /// <summary>Takes the lock or throws <see cref="ModelInstallException"/> saying another install holds it.</summary>
    public static InstallLock Acquire(string target)
    {
        string path = PathFor(target);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new InstallLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new ModelInstallException($"another 'model install' into '{target}' is running (it holds '{path}'); wait for it to finish, then run this one again if needed.", e);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
