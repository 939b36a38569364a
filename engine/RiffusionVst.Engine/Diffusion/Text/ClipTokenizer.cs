using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace RiffusionVst.Engine.Diffusion.Text;

/// <summary>
/// CLIP's byte-level BPE tokenizer (the one Stable Diffusion 1.x and Riffusion use), loaded from a
/// model's tokenizer/vocab.json and merges.txt. The BPE itself is Microsoft.ML.Tokenizers' model in
/// byte-level mode with the "&lt;/w&gt;" end-of-word suffix; this type adds CLIP's clean-up, lower-casing,
/// pre-split regex, BOS/EOS, padding to 77 and chunking of long prompts.
/// </summary>
public sealed partial class ClipTokenizer
{
    /// <summary>Length of one text-encoder input sequence, BOS and EOS included.</summary>
    public const int SequenceLength = 77;

    /// <summary>Number of prompt tokens that fit between BOS and EOS in one sequence.</summary>
    public const int ChunkTokenCount = SequenceLength - 2;

    /// <summary>Name of the begin-of-text token in CLIP's vocabulary.</summary>
    public const string BeginOfTextToken = "<|startoftext|>";

    /// <summary>Name of the end-of-text token in CLIP's vocabulary (also used as padding).</summary>
    public const string EndOfTextToken = "<|endoftext|>";

    private readonly BpeTokenizer _bpe;

    private ClipTokenizer(BpeTokenizer bpe, int beginOfTextId, int endOfTextId)
    {
        _bpe = bpe;
        BeginOfTextId = beginOfTextId;
        EndOfTextId = endOfTextId;
    }

    /// <summary>Id of "&lt;|startoftext|&gt;" (49406 in the real vocabulary).</summary>
    public int BeginOfTextId { get; }

    /// <summary>Id of "&lt;|endoftext|&gt;" (49407 in the real vocabulary); also the padding id.</summary>
    public int EndOfTextId { get; }

    /// <summary>Loads vocab.json and merges.txt from a model's tokenizer folder.</summary>
    public static ClipTokenizer FromDirectory(string tokenizerDirectory)
    {
        ArgumentNullException.ThrowIfNull(tokenizerDirectory);
        return FromFiles(Path.Combine(tokenizerDirectory, "vocab.json"), Path.Combine(tokenizerDirectory, "merges.txt"));
    }

    /// <summary>Loads the tokenizer from the paths of vocab.json and merges.txt.</summary>
    public static ClipTokenizer FromFiles(string vocabPath, string mergesPath)
    {
        foreach (string path in new[] { vocabPath, mergesPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"CLIP tokenizer file '{path}' is missing; a model folder needs tokenizer/vocab.json and tokenizer/merges.txt.", path);
            }
        }

        using var vocab = File.OpenRead(vocabPath);
        using var merges = File.OpenRead(mergesPath);
        return FromStreams(vocab, merges);
    }

    /// <summary>Loads the tokenizer from a vocab.json stream (token → id) and a merges.txt stream ("a b" per line).</summary>
    public static ClipTokenizer FromStreams(Stream vocabJson, Stream mergesText)
    {
        ArgumentNullException.ThrowIfNull(vocabJson);
        ArgumentNullException.ThrowIfNull(mergesText);

        Dictionary<string, int> vocabulary;
        try
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabJson)
                ?? throw new InvalidDataException("vocab.json is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"vocab.json is not a JSON object of token → id: {e.Message}", e);
        }

        if (!vocabulary.TryGetValue(BeginOfTextToken, out int bos) || !vocabulary.TryGetValue(EndOfTextToken, out int eos))
        {
            throw new InvalidDataException(
                $"vocab.json lacks {BeginOfTextToken} or {EndOfTextToken}; is this a CLIP tokenizer (tokenizer/ of a Stable Diffusion model)?");
        }

        var merges = new List<string>();
        using (var reader = new StreamReader(mergesText))
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                // The first line of CLIP's merges.txt is a "#version: 0.2" header, not a merge.
                if (line.Length == 0 || line.StartsWith("#version", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.Split(' ').Length != 2)
                {
                    throw new InvalidDataException($"merges.txt line '{line}' is not two symbols separated by one space.");
                }

                merges.Add(line);
            }
        }

        var options = new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            EndOfWordSuffix = "</w>",
            PreTokenizer = new RegexPreTokenizer(PreSplitRegex(), null),
            UnknownToken = EndOfTextToken,
        };
        return new ClipTokenizer(BpeTokenizer.Create(options), bos, eos);
    }

    /// <summary>Token ids of a text without BOS/EOS and without length limit.</summary>
    public IReadOnlyList<int> EncodeWithoutSpecialTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string cleaned = Clean(text);
        return cleaned.Length == 0 ? Array.Empty<int>() : _bpe.EncodeToIds(cleaned);
    }

    /// <summary>One 77-id sequence: BOS, the first 75 tokens of the text, EOS, EOS padding (longer text is cut).</summary>
    public int[] Encode(string text)
    {
        IReadOnlyList<int> tokens = EncodeWithoutSpecialTokens(text);
        return Wrap(tokens, 0, Math.Min(tokens.Count, ChunkTokenCount));
    }

    /// <summary>
    /// The text split into chunks of 75 tokens, each wrapped in BOS/EOS and padded to 77; at least one
    /// chunk (the empty prompt gives BOS, EOS, padding). The pipeline concatenates the chunk embeddings.
    /// </summary>
    public int[][] EncodeChunks(string text)
    {
        IReadOnlyList<int> tokens = EncodeWithoutSpecialTokens(text);
        return ChunkIds(tokens);
    }

    /// <summary>Wraps a token list (no BOS/EOS) into as many 77-id chunks as it needs (at least one).</summary>
    public int[][] ChunkIds(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        int chunkCount = Math.Max(1, (tokens.Count + ChunkTokenCount - 1) / ChunkTokenCount);
        var chunks = new int[chunkCount][];
        for (int c = 0; c < chunkCount; c++)
        {
            int start = c * ChunkTokenCount;
            chunks[c] = Wrap(tokens, start, Math.Min(ChunkTokenCount, tokens.Count - start));
        }

        return chunks;
    }

    /// <summary>
    /// CLIP's text clean-up: HTML entities decoded (twice, as CLIP does), whitespace runs collapsed to
    /// one space, trimmed, lower-cased. (CLIP also runs ftfy's mojibake repair, which is not reproduced.)
    /// </summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string decoded = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        return WhitespaceRun().Replace(decoded, " ").Trim().ToLowerInvariant();
    }

    private int[] Wrap(IReadOnlyList<int> tokens, int start, int count)
    {
        var ids = new int[SequenceLength];
        ids[0] = BeginOfTextId;
        for (int i = 0; i < count; i++)
        {
            ids[1 + i] = tokens[start + i];
        }

        for (int i = 1 + count; i < SequenceLength; i++)
        {
            ids[i] = EndOfTextId;
        }

        return ids;
    }

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex PreSplitRegex();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRun();
}
