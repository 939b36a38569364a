using System.Text.Json;
using System.Text.Json.Serialization;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Engine.Service.Clips;

/// <summary>
/// The per-user folder of delivered loops. Each clip is a WAV (acid tempo and beats, smpl loop), its spectrogram PNG and
/// a JSON sidecar, written to temporary files and renamed into place so a reader never sees half a file. Names come
/// from the prompts and never overwrite an existing clip; a loop the folder already holds (same generation, tempo, rate,
/// channels and length: a reopened project, a repeated request) is not written again (<see cref="ClipIndex"/>). Thread-safe.
/// </summary>
public sealed class ClipLibrary
{
    /// <summary>The folder name under the user's music folder.</summary>
    public const string DefaultFolderName = "RiffusionVst Clips";

    private const int MaxAttempts = 10_000;

    private readonly ClipIndex _index;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Prompts are read by people: "日本語" and "Café" stay as written (UTF-8), not \u escapes. The sidecar is never
        // embedded in HTML, so the relaxed encoder's one risk (unescaped < > &) does not apply.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A library in <paramref name="folder"/> (created when missing).</summary>
    public ClipLibrary(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        _index = new ClipIndex(Folder);
    }

    /// <summary>The folder the clips go to.</summary>
    public string Folder { get; }

    /// <summary>Music/RiffusionVst Clips in the user's music folder (~/Music where the platform names none).</summary>
    public static string DefaultFolder()
    {
        string music = Environment.GetFolderPath(Environment.SpecialFolder.MyMusic);
        if (string.IsNullOrEmpty(music))
            music = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Music");
        return Path.Combine(music, DefaultFolderName);
    }

    /// <summary>Writes one clip under a new, unique name and returns the paths, or the paths of the same loop already in the folder.</summary>
    public ClipFiles Write(AudioClip loop, RgbImage image, ClipInfo info)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(info);
        if (_index.Find(info) is { } existing)
            return existing;

        var request = info.Generation;
        string stem = ClipFileNames.Stem(request.PromptA.Text, request.PromptB.Text, request.Alpha, info.Bpm, request.Bars);
        var metadata = WavMetadata.ForLoop(info.Bpm, request.Bars * request.BeatsPerBar, loop.Length, request.BeatsPerBar);

        // Everything is encoded before any name is claimed, so a failure leaves no files behind.
        byte[] wav = WavFile.Encode(loop, new WavWriteOptions { Metadata = metadata });
        byte[] png = PngFile.Encode(image, SpectrogramParameters.Riffusion);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(info, Json);

        string wavTemp = WriteTemp(wav);
        string pngTemp = WriteTemp(png);
        string jsonTemp = WriteTemp(json);
        try
        {
            for (int attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                string candidate = ClipFileNames.Candidate(stem, attempt);
                var files = new ClipFiles(
                    Path.Combine(Folder, candidate + ".wav"),
                    Path.Combine(Folder, candidate + ".png"),
                    Path.Combine(Folder, candidate + ".json"));
                if (File.Exists(files.WavPath) || File.Exists(files.PngPath) || File.Exists(files.JsonPath))
                    continue;
                try
                {
                    // The WAV's rename claims the stem; overwrite: false makes a race with another writer lose cleanly.
                    File.Move(wavTemp, files.WavPath, overwrite: false);
                }
                catch (IOException) when (File.Exists(files.WavPath))
                {
                    continue;
                }

                File.Move(pngTemp, files.PngPath, overwrite: false);
                File.Move(jsonTemp, files.JsonPath, overwrite: false);
                _index.Add(info, files);
                return files;
            }

            throw new IOException($"Could not find a free name for '{stem}' in '{Folder}' after {MaxAttempts} tries; tidy up the clips folder.");
        }
        finally
        {
            foreach (string temp in new[] { wavTemp, pngTemp, jsonTemp })
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
        }
    }

    // Hidden temporary names in the same folder, so the rename is atomic (same file system).
    private string WriteTemp(byte[] contents)
    {
        string path = Path.Combine(Folder, $".writing-{Guid.NewGuid():N}.tmp");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(contents);
        stream.Flush(flushToDisk: false);
        return path;
    }
}
