using System.Globalization;
using System.Text;

namespace RiffusionVst.Engine.Service.Clips;

/// <summary>File names for clips that are valid on Windows, macOS and Linux: ASCII letters, digits, '-' and '_' only.</summary>
public static class ClipFileNames
{
    /// <summary>Longest stem (name without extension and without the uniqueness suffix).</summary>
    public const int MaxStemLength = 96;

    /// <summary>Longest slug taken from one prompt.</summary>
    public const int MaxSlugLength = 40;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// A lower-case slug of <paramref name="text"/>: accents dropped, every run of other characters one '-', at most
    /// <see cref="MaxSlugLength"/> characters, "untitled" when nothing is left, never a reserved device name.
    /// </summary>
    public static string Slug(string? text)
    {
        var slug = new StringBuilder(MaxSlugLength);
        foreach (char c in (text ?? "").Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            char lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                slug.Append(lower);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
            if (slug.Length >= MaxSlugLength)
                break;
        }

        string result = slug.ToString().Trim('-');
        if (result.Length > MaxSlugLength)
            result = result[..MaxSlugLength].TrimEnd('-');
        if (result.Length == 0)
            return "untitled";
        return IsReserved(result) ? result + "-clip" : result;
    }

    /// <summary>True when Windows treats <paramref name="stem"/> (up to its first '.') as a device, e.g. "CON" or "com1".</summary>
    public static bool IsReserved(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        int dot = stem.IndexOf('.', StringComparison.Ordinal);
        string head = (dot < 0 ? stem : stem[..dot]).TrimEnd(' ');
        return Reserved.Contains(head);
    }

    /// <summary>
    /// The stem of a clip: prompt slug(s), tempo, bars and (for a morph) alpha, e.g. "lofi-piano_to_jazz_120bpm_2bars_a0p25".
    /// Bounded by <see cref="MaxStemLength"/>.
    /// </summary>
    public static string Stem(string promptA, string promptB, float alpha, double bpm, int bars)
    {
        string a = Slug(promptA);
        string b = Slug(promptB);
        bool morph = !string.Equals(promptA, promptB, StringComparison.Ordinal);
        string prompts = a == b || alpha <= 0 ? a : alpha >= 1 ? b : $"{a}_to_{b}";
        string tail = string.Create(CultureInfo.InvariantCulture,
            $"_{bpm:0.##}bpm_{bars}bar{(bars == 1 ? "" : "s")}{(morph ? $"_a{alpha:0.###}" : "")}").Replace('.', 'p');
        int room = MaxStemLength - tail.Length;
        if (prompts.Length > room)
            prompts = prompts[..room].TrimEnd('-', '_');
        return prompts + tail;
    }

    /// <summary>The <paramref name="attempt"/>-th candidate for a unique stem: the stem itself, then "stem-2", "stem-3", ….</summary>
    public static string Candidate(string stem, int attempt) =>
        attempt <= 1 ? stem : string.Create(CultureInfo.InvariantCulture, $"{stem}-{attempt}");
}
