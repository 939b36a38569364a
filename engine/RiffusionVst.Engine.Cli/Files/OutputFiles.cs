namespace RiffusionVst.Engine.Cli.Files;

/// <summary>
/// The files a command will write, checked before any work and written all or nothing: each is written to a
/// temporary file beside it, and <see cref="Commit"/> renames them all at the end; a failure or Ctrl+C deletes the
/// temporary files (and any folder made for them), so no half of a WAV + PNG pair is ever left.
/// </summary>
internal sealed class OutputFiles : IDisposable
{
    private static readonly Lock ActiveGate = new();
    private static readonly HashSet<OutputFiles> Active = [];

    private readonly List<(string Final, string Temp)> _files = [];
    private readonly List<string> _createdFolders = [];
    private bool _done;

    private OutputFiles()
    {
    }

    /// <summary>Checks each output (not a folder, the extension matches, its folder can be made and written) and reserves its temporary file.</summary>
    /// <param name="outputs">Each output path, the extension it must have (".wav") and how the user named it ("-o").</param>
    /// <exception cref="CliException">An output cannot be written, with what to do instead.</exception>
    public static OutputFiles Prepare(params (string Path, string Extension, string Name)[] outputs)
    {
        var files = new OutputFiles();
        try
        {
            foreach (var (path, extension, name) in outputs)
                files.Reserve(Path.GetFullPath(path), extension, name);
            lock (ActiveGate)
                Active.Add(files);
            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    /// <summary>The temporary file to write in place of <paramref name="index"/>'s output.</summary>
    public string Temp(int index) => _files[index].Temp;

    /// <summary>The final path of output <paramref name="index"/>.</summary>
    public string Final(int index) => _files[index].Final;

    /// <summary>Renames every temporary file to its final name (replacing what was there), unless the command was cancelled meanwhile.</summary>
    public void Commit(CancellationToken cancellationToken)
    {
        lock (ActiveGate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_done)
                throw new OperationCanceledException();
            foreach (var (final, temp) in _files)
                File.Move(temp, final, overwrite: true);
            _done = true;
            Active.Remove(this);
        }
    }

    /// <summary>Deletes every uncommitted temporary file of this process (Ctrl+C while a command body still runs).</summary>
    public static void AbandonAll()
    {
        lock (ActiveGate)
        {
            foreach (var files in Active.ToList())
                files.Discard();
            Active.Clear();
        }
    }

    /// <summary>Deletes the temporary files unless <see cref="Commit"/> ran.</summary>
    public void Dispose()
    {
        lock (ActiveGate)
        {
            Discard();
            Active.Remove(this);
        }
    }

    private void Discard()
    {
        if (_done)
            return;
        _done = true;
        foreach (var (_, temp) in _files)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        for (int i = _createdFolders.Count - 1; i >= 0; i--)
        {
            try
            {
                Directory.Delete(_createdFolders[i]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private void Reserve(string path, string extension, string name)
    {
        string shown = Path.GetFileName(path);
        if (Directory.Exists(path))
            throw CliException.BadInput($"{name} {path} is a folder; give a file name ending in {extension}.");
        if (!string.Equals(Path.GetExtension(path), extension, StringComparison.OrdinalIgnoreCase))
            throw CliException.BadInput($"{name} {shown}: this command writes {Kind(extension)}; give a file name ending in {extension}.");
        if (_files.Any(f => string.Equals(f.Final, path, StringComparison.OrdinalIgnoreCase)))
            throw CliException.BadInput($"{name} {shown} is also another output of this command; give different names.");

        string folder = Path.GetDirectoryName(path)!;
        MakeFolder(folder, name);
        if (File.Exists(path) && File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly))
            throw CliException.BadInput($"{name} {path} exists and is read-only; remove it or choose another name.");

        string temp = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(path)}.{Guid.NewGuid().ToString("N")[..8]}.tmp{extension}");
        try
        {
            using (new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{name} {shown}: cannot write files in {folder} (no permission, or a read-only disk); choose another folder.");
        }

        _files.Add((path, temp));
    }

    private void MakeFolder(string folder, string name)
    {
        var missing = new Stack<string>();
        for (string? f = folder; f is not null && !Directory.Exists(f); f = Path.GetDirectoryName(f))
        {
            if (File.Exists(f))
                throw CliException.BadInput($"{name}: cannot make the folder {folder}, because {f} is a file; choose another path.");
            missing.Push(f);
        }

        while (missing.Count > 0)
        {
            string f = missing.Pop();
            try
            {
                Directory.CreateDirectory(f);
                _createdFolders.Add(f);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.BadInput($"{name}: cannot make the folder {f} (no permission, or a read-only disk); choose another path.");
            }
        }
    }

    private static string Kind(string extension) => extension.ToLowerInvariant() switch
    {
        ".wav" => "a WAV file",
        ".png" => "a PNG image",
        _ => $"a {extension} file",
    };
}
