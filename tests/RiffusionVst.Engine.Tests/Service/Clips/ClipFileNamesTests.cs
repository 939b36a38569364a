using RiffusionVst.Engine.Service.Clips;

namespace RiffusionVst.Engine.Tests.Service.Clips;

public class ClipFileNamesTests
{
    [Theory]
    [InlineData("Lofi Piano", "lofi-piano")]
    [InlineData("  jazz/funk\\fusion: 120bpm?  ", "jazz-funk-fusion-120bpm")]
    [InlineData("Café Ümlaut naïve", "cafe-umlaut-naive")]
    [InlineData("日本語", "日本語")]
    [InlineData("Лофи пиано", "лофи-пиано")]
    [InlineData("한국 음악", "한국-음악")]
    [InlineData("ダブ・テクノ", "ダブ-テクノ")]
    [InlineData("", "untitled")]
    [InlineData("...", "untitled")]
    [InlineData("CON", "con-clip")]
    [InlineData("nul", "nul-clip")]
    [InlineData("com1", "com1-clip")]
    [InlineData("(jazz:1.3), [noise]", "jazz-1-3-noise")]
    public void Slugs_keep_letters_of_every_script_and_digits_only(string prompt, string expected) =>
        Assert.Equal(expected, ClipFileNames.Slug(prompt));

    [Fact]
    public void Slugs_and_stems_are_bounded_and_safe_on_every_platform()
    {
        string huge = string.Concat(Enumerable.Repeat("very long prompt with many words ", 400));
        string slug = ClipFileNames.Slug(huge);
        string stem = ClipFileNames.Stem(huge, huge + " and more", 0.5f, 123.456, 64);

        Assert.True(slug.Length <= ClipFileNames.MaxSlugLength);
        Assert.True(stem.Length <= ClipFileNames.MaxStemLength, stem);
        Assert.All(stem, c => Assert.True(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_', $"'{c}' in {stem}"));
        Assert.EndsWith("_123p46bpm_64bars_a0p5", stem);
        Assert.False(ClipFileNames.IsReserved(stem));
    }

    [Fact]
    public void A_stem_names_one_prompt_at_the_ends_of_a_morph_and_both_between()
    {
        Assert.Equal("jazz_120bpm_2bars_a0", ClipFileNames.Stem("jazz", "rock", 0, 120, 2));
        Assert.Equal("rock_120bpm_1bar_a1", ClipFileNames.Stem("jazz", "rock", 1, 120, 1));
        Assert.Equal("jazz_to_rock_95p5bpm_2bars_a0p25", ClipFileNames.Stem("jazz", "rock", 0.25f, 95.5, 2));
        Assert.Equal("jazz_120bpm_4bars", ClipFileNames.Stem("jazz", "jazz", 0.5f, 120, 4));
        Assert.Equal("jazz_120bpm_4bars_a0p5", ClipFileNames.Stem("Jazz", "jazz", 0.5f, 120, 4));
    }

    [Theory]
    [InlineData("CON", true)]
    [InlineData("con.wav", true)]
    [InlineData("LPT9", true)]
    [InlineData("console", false)]
    [InlineData("con-clip", false)]
    public void Reserved_device_names_are_recognised(string stem, bool reserved) =>
        Assert.Equal(reserved, ClipFileNames.IsReserved(stem));

    [Fact]
    public void Candidates_count_up_from_the_plain_stem() =>
        Assert.Equal(["x", "x-2", "x-3"], Enumerable.Range(1, 3).Select(i => ClipFileNames.Candidate("x", i)));
}
