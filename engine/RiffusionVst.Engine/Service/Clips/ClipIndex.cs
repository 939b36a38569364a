namespace RiffusionVst.Engine.Service.Clips;

/// <summary>
/// Which loops the clip folder already holds, by what makes a loop's sound: its generation key (everything that shaped
/// the image, or the pixels of a stored image), tempo, sample rate, channels and length. A reopened project or a repeated
/// request then names the clip already there instead of filling the folder with copies. Built from the sidecars on
/// first use, so it also knows clips written before the engine started. Thread-safe.
/// </summary>
internal sealed class ClipIndex(string folder)
{
    private readonly Lock _gate = new();
    private Dictionary<ClipIdentity, ClipFiles>? _clips;

    /// <summary>The clip of <paramref name="info"/>'s loop when the folder still holds all three of its files.</summary>
    public ClipFiles? Find(ClipInfo info)
    {
        if (ClipIdentity.Of(info) is not { } identity)
            return null;
        lock (_gate)
        {
            _clips ??= Scan();
            if (!_clips.TryGetValue(identity, out ClipFiles? files))
                return null;
            if (File.Exists(files.WavPath) && File.Exists(files.PngPath) && File.Exists(files.JsonPath))
                return files;

            // Someone tidied the folder: the loop is written again.
            _clips.Remove(identity);
            return null;
        }
    }

    /// <summary>Records a clip just written.</summary>
    public void Add(ClipInfo info, ClipFiles files)
    {
        if (ClipIdentity.Of(info) is not { } identity)
            return;
        lock (_gate)
        {
            _clips ??= Scan();
            _clips.TryAdd(identity, files);
        }
    }

    private Dictionary<ClipIdentity, ClipFiles> Scan()
    {
        var clips = new Dictionary<ClipIdentity, ClipFiles>();
        foreach (string json in Directory.EnumerateFiles(folder, "*.json"))
        {
            // A sidecar that is not ours, or damaged, is simply not indexed: its clip is never reused, nothing fails.
            if (ClipSidecar.Read(json) is { } sidecar && ClipIdentity.Of(sidecar) is { } identity)
                clips.TryAdd(identity, new ClipFiles(Path.ChangeExtension(json, ".wav"), Path.ChangeExtension(json, ".png"), json));
        }

        return clips;
    }

    private readonly record struct ClipIdentity(string Key, double Bpm, int SampleRate, int Channels, long LengthSamples)
    {
        public static ClipIdentity? Of(ClipInfo info) => Of(info.GenerationKey, info.Bpm, info.SampleRate, info.Channels, info.LengthSamples);

        public static ClipIdentity? Of(ClipSidecar sidecar) => Of(sidecar.GenerationKey, sidecar.Bpm, sidecar.SampleRate, sidecar.Channels, sidecar.LengthSamples);

        // A loop without a key (written by hand, or by an older engine) cannot be told apart from another: never reused.
        public static ClipIdentity? Of(string key, double bpm, int sampleRate, int channels, long lengthSamples) =>
            string.IsNullOrEmpty(key) ? null : new ClipIdentity(key, bpm, sampleRate, channels, lengthSamples);
    }
}
