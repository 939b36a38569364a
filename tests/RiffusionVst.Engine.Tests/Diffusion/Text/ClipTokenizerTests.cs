using System.Text;
using System.Text.Json;
using RiffusionVst.Engine.Diffusion.Text;

namespace RiffusionVst.Engine.Tests.Diffusion.Text;

public class ClipTokenizerTests
{
    private const int Bos = 49406;
    private const int Eos = 49407;

    /// <summary>
    /// A small vocabulary in CLIP's format that gives the words of the known vector the ids they have
    /// in the real one (a 320, photo 1125, of 539, fox 3240), plus the single byte characters and the
    /// merges that build those words; other ids are arbitrary.
    /// </summary>
    internal static ClipTokenizer CreateSmallTokenizer()
    {
        var vocab = new Dictionary<string, int>
        {
            ["<|startoftext|>"] = Bos,
            ["<|endoftext|>"] = Eos,
            ["a</w>"] = 320,
            ["photo</w>"] = 1125,
            ["of</w>"] = 539,
            ["fox</w>"] = 3240,
        };
        int next = 10;
        // Byte characters (ASCII letters and digits map to themselves in GPT-2's byte-to-unicode table).
        foreach (char c in "abcdefghijklmnopqrstuvwxyz0123456789")
        {
            vocab.TryAdd(c.ToString(), next++);
            vocab.TryAdd(c + "</w>", next++);
        }

        // "ā" is UTF-8 C4 81. Byte 0xC4 is printable Latin-1 and maps to 'Ä' itself; byte 0x81 is not
        // printable: the non-printable bytes 0–32, 127–160, 173 get 256, 257, … in order, so
        // 0x81 = 129 is number 33 + (129 − 127) = 35 and becomes U+0100 + 35 = 'ģ'.
        vocab["Ä"] = 900;
        vocab["ģ</w>"] = 901;

        string[] merges =
        [
            "p h", "ph o", "pho t", "phot o</w>",
            "o f</w>",
            "f o", "fo x</w>",
            "b p", "bp m</w>",
        ];
        foreach (string m in merges)
        {
            vocab.TryAdd(m.Replace(" ", string.Empty, StringComparison.Ordinal), next++);
        }

        // The ids of whole words must be the known ones, not the arbitrary ones above.
        vocab["photo</w>"] = 1125;
        vocab["of</w>"] = 539;
        vocab["fox</w>"] = 3240;

        var vocabStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(vocab));
        var mergesStream = new MemoryStream(Encoding.UTF8.GetBytes("#version: 0.2\n" + string.Join('\n', merges) + "\n"));
        return ClipTokenizer.FromStreams(vocabStream, mergesStream);
    }

    [Fact]
    public void Known_vector_a_photo_of_a_fox()
    {
        var tokenizer = CreateSmallTokenizer();
        int[] ids = tokenizer.Encode("a photo of a fox");

        Assert.Equal(ClipTokenizer.SequenceLength, ids.Length);
        Assert.Equal(new[] { Bos, 320, 1125, 539, 320, 3240, Eos }, ids[..7]);
        Assert.All(ids[7..], id => Assert.Equal(Eos, id));
    }

    [Fact]
    public void Case_and_whitespace_are_normalised()
    {
        var tokenizer = CreateSmallTokenizer();
        Assert.Equal(tokenizer.Encode("a photo of a fox"), tokenizer.Encode("  A \t PHOTO\n of   a Fox  "));
    }

    [Fact]
    public void Digits_are_split_one_by_one()
    {
        var tokenizer = CreateSmallTokenizer();
        var vocabIds = tokenizer.EncodeWithoutSpecialTokens("1 2 0 bpm");
        Assert.Equal(4, vocabIds.Count);
        Assert.Equal(vocabIds, tokenizer.EncodeWithoutSpecialTokens("120bpm"));
    }

    [Fact]
    public void Non_ascii_bytes_use_the_gpt2_byte_to_unicode_table()
    {
        var tokenizer = CreateSmallTokenizer();
        Assert.Equal(new[] { 900, 901 }, tokenizer.EncodeWithoutSpecialTokens("ā"));
    }

    [Fact]
    public void Empty_prompt_is_bos_then_eos_padding()
    {
        var tokenizer = CreateSmallTokenizer();
        int[][] chunks = tokenizer.EncodeChunks("   ");
        Assert.Single(chunks);
        Assert.Equal(Bos, chunks[0][0]);
        Assert.All(chunks[0][1..], id => Assert.Equal(Eos, id));
    }

    [Fact]
    public void Long_prompts_are_split_into_chunks_of_75()
    {
        var tokenizer = CreateSmallTokenizer();
        string prompt = string.Join(' ', Enumerable.Repeat("a", 80));
        int[][] chunks = tokenizer.EncodeChunks(prompt);

        Assert.Equal(2, chunks.Length);
        Assert.Equal(Bos, chunks[0][0]);
        Assert.All(chunks[0][1..76], id => Assert.Equal(320, id));
        Assert.Equal(Eos, chunks[0][76]);
        Assert.Equal(Bos, chunks[1][0]);
        Assert.All(chunks[1][1..6], id => Assert.Equal(320, id));
        Assert.All(chunks[1][6..], id => Assert.Equal(Eos, id));

        // Encode keeps only the first 75 tokens.
        Assert.Equal(chunks[0], tokenizer.Encode(prompt));
    }

    [Fact]
    public void Vocabulary_without_special_tokens_is_rejected_with_a_clear_message()
    {
        var vocab = new MemoryStream(Encoding.UTF8.GetBytes("{\"a</w>\": 1}"));
        var merges = new MemoryStream(Encoding.UTF8.GetBytes("#version: 0.2\n"));
        var e = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromStreams(vocab, merges));
        Assert.Contains("<|startoftext|>", e.Message, StringComparison.Ordinal);
    }
}
