using System.Globalization;
using System.Text;

namespace RiffusionVst.Engine.Service.Clips;

/// <summary>File names for clips that are valid on Windows, macOS and Linux: letters of any script, digits, '-' and '_' only.</summary>
public static class ClipFileNames
{
    /// <summary>Longest stem (name without extension and without the uniqueness suffix).</summary>
    public const int MaxStemLength = 96;

    /// <summary>Longest slug taken from one prompt.</summary>
    public const int MaxSlugLength = 40;

    /// <summary>Longest stem in UTF-8 bytes: file systems count bytes (255 a name on ext4 and APFS), and a letter of Japanese takes three.</summary>
    public const int MaxStemBytes = 200;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// A lower-case slug of <paramref name="text"/>: letters and digits of any script kept (accents on Latin letters
    /// dropped, so "Café" is "cafe"), every run of other characters one '-', at most <see cref="MaxSlugLength"/>
    /// characters, "untitled" when nothing is left, never a reserved device name.
    /// </summary>
    public static string Slug(string? text)
    {
        var slug = new StringBuilder(MaxSlugLength);
        bool afterLatin = false;
        foreach (Rune rune in (text ?? "").Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            bool mark = category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
            if (mark && afterLatin)
                continue;
            if (slug.Length + rune.Utf16SequenceLength > MaxSlugLength)
                break;
            if (Rune.IsLetterOrDigit(rune) || (mark && slug.Length > 0 && slug[^1] != '-'))
            {
                Rune lower = Rune.ToLowerInvariant(rune);
                // Digits of other scripts (e.g. Arabic-Indic) stay; only letters are lowered.
                slug.Append(lower.ToString());
                afterLatin = rune.IsAscii || (rune.Value is >= 0x00C0 and <= 0x024F);
            }
            else if (!mark)
            {
                if (slug.Length > 0 && slug[^1] != '-')
                    slug.Append('-');
                afterLatin = false;
            }
        }

        // Recompose what the decomposition split (Hangul syllables, kana with voicing marks).
        string result = slug.ToString().Trim('-').Normalize(NormalizationForm.FormC);
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
            prompts = prompts[..room];
        while (Encoding.UTF8.GetByteCount(prompts) + tail.Length > MaxStemBytes || (prompts.Length > 0 && char.IsHighSurrogate(prompts[^1])))
            prompts = prompts[..^1];
        return prompts.TrimEnd('-', '_') + tail;
    }

    /// <summary>The <paramref name="attempt"/>-th candidate for a unique stem: the stem itself, then "stem-2", "stem-3", ….</summary>
    public static string Candidate(string stem, int attempt) =>
        attempt <= 1 ? stem : string.Create(CultureInfo.InvariantCulture, $"{stem}-{attempt}");
}
