using RiffusionVst.Engine.Service.Clips;

namespace RiffusionVst.Engine.Service.Web.Library;

/// <summary>
/// The clip library as the page sees it: clips are named by id (the file stem), and an id is only ever looked up among
/// the files the folder holds — no path from a request is ever joined to the folder, so <c>../</c> or an absolute path
/// finds nothing. Deleting moves a clip's three files into the library's Trash folder.
/// </summary>
internal sealed class ClipCatalog(string folder)
{
    /// <summary>Deleted clips go here, inside the library, so nothing is lost at once.</summary>
    public const string TrashFolderName = "Trash";

    private static readonly string[] Extensions = [".wav", ".png", ".json"];

    public string Folder { get; } = System.IO.Path.GetFullPath(folder);

    public string TrashFolder => System.IO.Path.Combine(Folder, TrashFolderName);

    /// <summary>The clips, newest first, whose prompts contain <paramref name="search"/> (any case; null or empty for all).</summary>
    public IReadOnlyList<ClipEntry> List(string? search)
    {
        var clips = new List<ClipEntry>();
        foreach (string json in Directory.EnumerateFiles(Folder, "*.json"))
        {
            if (Read(json) is not { } clip)
                continue;
            if (string.IsNullOrWhiteSpace(search)
                || clip.PromptA.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)
                || clip.PromptB.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
                clips.Add(clip);
        }
        return [.. clips.OrderByDescending(c => c.Created).ThenByDescending(c => c.Id, StringComparer.Ordinal)];
    }

    /// <summary>The file of clip <paramref name="id"/> with <paramref name="extension"/> (".wav" or ".png"), or null when there is no such clip.</summary>
    public string? FileOf(string id, string extension)
    {
        if (!Extensions.Contains(extension) || !LooksLikeId(id))
            return null;
        // The id must be one of the folder's own stems: enumerate, never combine.
        return Directory.EnumerateFiles(Folder, "*" + extension)
            .FirstOrDefault(f => string.Equals(System.IO.Path.GetFileNameWithoutExtension(f), id, StringComparison.Ordinal));
    }

    /// <summary>Moves the clip's files to the Trash folder; false when there is no such clip.</summary>
    public bool MoveToTrash(string id)
    {
        string? wav = FileOf(id, ".wav");
        if (wav is null)
            return false;
        Directory.CreateDirectory(TrashFolder);
        string stem = System.IO.Path.GetFileNameWithoutExtension(wav);
        // A clip deleted twice under the same name keeps both copies in the trash.
        string target = stem;
        for (int n = 2; Extensions.Any(e => File.Exists(System.IO.Path.Combine(TrashFolder, target + e))); n++)
            target = $"{stem} ({n})";
        foreach (string extension in Extensions)
        {
            string source = System.IO.Path.Combine(Folder, stem + extension);
            if (File.Exists(source))
                File.Move(source, System.IO.Path.Combine(TrashFolder, target + extension));
        }
        return true;
    }

    private static bool LooksLikeId(string id) =>
        id.Length is > 0 and <= 255 && id.IndexOfAny(['/', '\\', ':', '\0']) < 0 && id is not ("." or "..") && !id.StartsWith('.');

    private ClipEntry? Read(string jsonPath)
    {
        string id = System.IO.Path.GetFileNameWithoutExtension(jsonPath);
        if (id.StartsWith('.'))
            return null;
        // A sidecar being written, or not ours: not listed.
        if (ClipSidecar.Read(jsonPath) is not { } sidecar)
            return null;
        return new ClipEntry(
            id, sidecar.PromptA, sidecar.PromptB, sidecar.Alpha, sidecar.Bpm, sidecar.Bars, sidecar.BeatsPerBar,
            sidecar.Created ?? File.GetLastWriteTimeUtc(jsonPath), System.IO.Path.ChangeExtension(jsonPath, ".wav"));
    }
}
