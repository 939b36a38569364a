using System.Text.Json;
using RiffusionVst.Engine.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.TinyModel;

public class TinyTokenizerFilesTests
{
    [Fact]
    public void Byte_characters_follow_clips_mapping()
    {
        List<char> characters = TinyTokenizerFiles.ByteCharacters();
        Assert.Equal(256, characters.Distinct().Count());
        // Printable bytes stand for themselves and come first: '!' (33) is entry 0.
        Assert.Equal('!', characters[0]);
        Assert.Contains('A', characters);
        // Non-printable bytes follow in byte order from U+0100: byte 0 → 'Ā', and space (the 33rd such byte) → 'Ġ'.
        int firstShifted = characters.IndexOf('\u0100');
        Assert.Equal(188, firstShifted); // 94 + 12 + 82 printable bytes precede it
        Assert.Equal('\u0120', characters[firstShifted + 32]);
    }

    [Fact]
    public void Written_files_have_clips_format()
    {
        using var temp = new TempFolder();
        int size = TinyTokenizerFiles.Write(temp.Path);

        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(temp.Path, "vocab.json")))!;
        Assert.Equal(size, vocabulary.Count);
        Assert.Equal(Enumerable.Range(0, size), vocabulary.Values.Order());
        Assert.Equal(size - 2, vocabulary["<|startoftext|>"]);
        Assert.Equal(size - 1, vocabulary["<|endoftext|>"]);
        foreach (char c in TinyTokenizerFiles.ByteCharacters())
        {
            Assert.True(vocabulary[c.ToString()] < 256);
            Assert.InRange(vocabulary[c + "</w>"], 256, 511);
        }

        string[] merges = File.ReadAllLines(Path.Combine(temp.Path, "merges.txt"));
        Assert.StartsWith("#version", merges[0]);
        foreach (string merge in merges.Skip(1))
        {
            string[] parts = merge.Split(' ');
            Assert.Equal(2, parts.Length);
            Assert.Contains(parts[0], vocabulary.Keys);
            Assert.Contains(parts[1], vocabulary.Keys);
            Assert.Contains(parts[0] + parts[1], vocabulary.Keys);
        }

        foreach (string word in new[] { "drums", "piano", "jazz", "funk", "bass", "guitar", "ambient", "techno", "beat" })
        {
            Assert.Contains(word + "</w>", vocabulary.Keys);
        }
    }

    [Fact]
    public void Merges_spell_each_word_left_to_right()
    {
        var (_, merges) = TinyTokenizerFiles.Build();
        // "jazz" → j a → ja, ja z → jaz, jaz z</w> → jazz</w>, in this order.
        int ja = merges.IndexOf("j a"), jaz = merges.IndexOf("ja z"), jazz = merges.IndexOf("jaz z</w>");
        Assert.True(ja >= 0 && ja < jaz && jaz < jazz);
    }
}
