using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>
/// Writes a small CLIP-format byte-level BPE vocabulary: every byte character alone and with the end-of-word
/// mark, merges that spell a few music words, then the start and end tokens.
/// </summary>
internal static class TinyTokenizerFiles
{
    /// <summary>CLIP's start-of-text token.</summary>
    public const string StartOfText = "<|startoftext|>";

    /// <summary>CLIP's end-of-text token (also the padding token).</summary>
    public const string EndOfText = "<|endoftext|>";

    private const string EndOfWord = "</w>";

    private static readonly string[] Words =
    [
        "drums", "piano", "jazz", "funk", "bass", "guitar", "ambient", "techno", "beat", "rock", "synth", "house",
        "lofi", "hip", "hop", "vocals", "electronic", "acoustic", "solo", "groove", "the", "and", "with", "of", "photo", "fox",
    ];

    /// <summary>Writes vocab.json and merges.txt into <paramref name="folder"/> and returns the vocabulary size.</summary>
    public static int Write(string folder)
    {
        var (vocabulary, merges) = Build();
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(vocabulary, options), new UTF8Encoding(false));
        var text = new StringBuilder("#version: 0.2\n");
        foreach (string merge in merges)
        {
            text.Append(merge).Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, "merges.txt"), text.ToString(), new UTF8Encoding(false));
        File.WriteAllText(
            Path.Combine(folder, "tokenizer_config.json"),
            "{\n  \"model_max_length\": 77,\n  \"do_lower_case\": true,\n  \"bos_token\": \"<|startoftext|>\",\n  \"eos_token\": \"<|endoftext|>\",\n  \"pad_token\": \"<|endoftext|>\",\n  \"unk_token\": \"<|endoftext|>\",\n  \"tokenizer_class\": \"CLIPTokenizer\"\n}\n");
        return vocabulary.Count;
    }

    /// <summary>The vocabulary (token → id, in id order) and the merge rules in rank order.</summary>
    internal static (Dictionary<string, int> Vocabulary, List<string> Merges) Build()
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        List<char> byteCharacters = ByteCharacters();
        foreach (char c in byteCharacters)
        {
            vocabulary.Add(c.ToString(), vocabulary.Count);
        }

        foreach (char c in byteCharacters)
        {
            vocabulary.Add(c + EndOfWord, vocabulary.Count);
        }

        var merges = new List<string>();
        foreach (string word in Words)
        {
            // Merge left to right: "d r" → "dr", "dr u" → "dru", … so each word ends as one token.
            var parts = word.Select(c => c.ToString()).ToList();
            parts[^1] += EndOfWord;
            while (parts.Count > 1)
            {
                string merged = parts[0] + parts[1];
                if (vocabulary.TryAdd(merged, vocabulary.Count))
                {
                    merges.Add($"{parts[0]} {parts[1]}");
                }

                parts.RemoveAt(1);
                parts[0] = merged;
            }
        }

        vocabulary.Add(StartOfText, vocabulary.Count);
        vocabulary.Add(EndOfText, vocabulary.Count);
        return (vocabulary, merges);
    }

    /// <summary>
    /// The 256 byte characters in CLIP's order: printable Latin-1 bytes stand for themselves, the other bytes are
    /// shifted to code points from 256 up so no token contains whitespace or control characters.
    /// </summary>
    internal static List<char> ByteCharacters()
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;

        var result = new List<char>(256);
        for (int b = 0; b < 256; b++)
        {
            if (Printable(b))
            {
                result.Add((char)b);
            }
        }

        int shifted = 0;
        for (int b = 0; b < 256; b++)
        {
            if (!Printable(b))
            {
                result.Add((char)(256 + shifted++));
            }
        }

        return result;
    }
}
