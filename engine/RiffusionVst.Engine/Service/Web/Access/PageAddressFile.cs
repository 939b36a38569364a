namespace RiffusionVst.Engine.Service.Web.Access;

/// <summary>
/// The per-user file holding the page's address with its token, for <c>riffusion-engine open</c>: one per pipe name,
/// in the user's local application data, readable and writable by the user only (mode 0600 on Unix; the folder is the
/// user's own on Windows).
/// </summary>
public static class PageAddressFile
{
    /// <summary>The file for engines serving <paramref name="pipeName"/>.</summary>
    public static string PathFor(string pipeName) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "RiffusionVst", "page", pipeName + ".url");

    /// <summary>Writes <paramref name="url"/> so that only the current user can read it.</summary>
    public static void Write(string path, string url)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
            File.Delete(path); // a file made by someone else keeps its mode; start from a fresh one
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(url);
    }

    /// <summary>The address in the file, or null when there is none (no engine with a page is running).</summary>
    public static string? Read(string path) =>
        File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } url ? url : null : null;

    /// <summary>Removes the file when it still holds <paramref name="url"/> (another engine may have replaced it).</summary>
    public static void Remove(string path, string url)
    {
        try
        {
            if (Read(path) == url)
                File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
