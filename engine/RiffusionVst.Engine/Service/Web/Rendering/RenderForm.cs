using System.Globalization;
using Microsoft.AspNetCore.Http;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Web.Rendering;

/// <summary>
/// Reads the Generate and Jam forms into a <see cref="RenderRequest"/>: every field by name, numbers in the invariant
/// culture, a seed clip decoded from its WAV. A problem comes back as one sentence naming the field and what to do;
/// the protocol's own validator then checks the ranges (bpm 0, 1000 bars …), so a limit is written once.
/// </summary>
internal static class RenderForm
{
    /// <summary>The seed pattern used when the form names none and sends no seed clip.</summary>
    public const string DefaultSeedPattern = SeedPatternNames.Default;

    public static async Task<(RenderRequest? Request, string? Problem)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (!http.HasFormContentType)
            return (null, "Send the form (multipart/form-data or urlencoded).");
        IFormCollection form = await http.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        string promptA = Text(form, "promptA");
        if (promptA.Length == 0)
            return (null, "The prompt is empty: type what the loop should sound like (e.g. \"funky bass line with drums\").");
        string promptB = Text(form, "promptB") is { Length: > 0 } b ? b : promptA;

        var numbers = new NumberReader(form);
        long seedA = numbers.Long("seedA", "Seed A", 42);
        long seedB = numbers.Long("seedB", "Seed B", seedA + 1);
        float denoising = numbers.Float("denoising", "Denoising", 0.75f);
        float guidance = numbers.Float("guidance", "Guidance", 7f);
        float alpha = numbers.Float("alpha", "Alpha", 0f);
        int steps = numbers.Int("steps", "Steps", 50);
        int bars = numbers.Int("bars", "Bars", 2);
        int beatsPerBar = numbers.Int("beatsPerBar", "Beats per bar", 4);
        double bpm = numbers.Double("bpm", "BPM", 120);
        if (numbers.Problem is { } notANumber)
            return (null, notANumber);

        string pattern = Text(form, "seedPattern");
        if (pattern.Length > 0 && !SeedPatternCatalog.Names.Contains(pattern, StringComparer.OrdinalIgnoreCase))
            return (null, $"Unknown seed pattern '{pattern}'; choose one of: {string.Join(", ", SeedPatternCatalog.Names)}.");

        SeedAudio? seedAudio = null;
        if (form.Files.GetFile("seedAudio") is { Length: > 0 } upload)
        {
            try
            {
                using var stream = upload.OpenReadStream();
                using var bytes = new MemoryStream();
                stream.CopyTo(bytes);
                var clip = AudioFileReader.Read(bytes.ToArray(), upload.FileName);
                seedAudio = new SeedAudio { Channels = clip.Channels, SampleRate = clip.SampleRate };
            }
            catch (InvalidAudioFileException e)
            {
                return (null, $"The seed audio could not be used: {e.Message}");
            }
        }

        if (seedAudio is null && form.Files.GetFile("seedImage") is { Length: > 0 } picture)
        {
            try
            {
                using var stream = picture.OpenReadStream();
                seedAudio = SeedImageAudio(PngFile.Read(stream, picture.FileName), picture.FileName);
            }
            catch (InvalidImageFileException e)
            {
                return (null, $"The seed image could not be used: {e.Message}");
            }
        }

        string mask = Text(form, "mask");
        var request = new RenderRequest
        {
            PromptA = new PromptSpec { Text = promptA, Seed = seedA, Denoising = denoising, Guidance = guidance },
            PromptB = new PromptSpec { Text = promptB, Seed = seedB, Denoising = denoising, Guidance = guidance },
            NegativePrompt = Text(form, "negative"),
            Alpha = alpha,
            CurrentAlpha = alpha,
            Steps = steps,
            Scheduler = Text(form, "scheduler") is { Length: > 0 } scheduler ? scheduler : SchedulerNames.Pndm,
            SeedPattern = seedAudio is null ? (pattern.Length > 0 ? pattern : DefaultSeedPattern) : null,
            SeedAudio = seedAudio,
            MaskName = mask.Length > 0 ? mask : null,
            Bpm = bpm,
            Bars = bars,
            BeatsPerBar = beatsPerBar,
            SampleRate = 44_100,
            Channels = 2,
        };
        return (request, null);
    }

    /// <summary>
    /// A seed image becomes seed audio by the engine's own image-to-audio path at the image's own timing; the pipeline
    /// turns that back into the same grid of columns, so the protocol needs no second kind of seed.
    /// </summary>
    private static SeedAudio SeedImageAudio(PngImage png, string name)
    {
        var parameters = png.HasParameters || png.Image.Height == png.Parameters.MelBands ? png.Parameters : png.Parameters with { MelBands = png.Image.Height };
        if (png.Image.Height != parameters.MelBands)
            throw new InvalidImageFileException($"'{name}' is {png.Image.Height} pixels high but its EXIF says {parameters.MelBands} mel bands; use a spectrogram image from Riffusion or the engine.");
        var channels = SpectrogramImageCodec.FromImage(png.Image, parameters);
        var clip = new LoopRenderer(parameters).RenderClip(channels, parameters.SampleRate);
        return new SeedAudio { Channels = clip.Channels, SampleRate = clip.SampleRate };
    }

    private static string Text(IFormCollection form, string name) => form[name].ToString().Trim();

    /// <summary>Reads numbers, keeping the first problem (the page shows one message at a time).</summary>
    private sealed class NumberReader(IFormCollection form)
    {
        public string? Problem { get; private set; }

        public long Long(string name, string label, long fallback) =>
            Read(name, label, fallback, s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null, "a whole number");

        public int Int(string name, string label, int fallback) =>
            Read(name, label, fallback, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null, "a whole number");

        public float Float(string name, string label, float fallback) =>
            Read(name, label, fallback, s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v) ? v : null, "a number");

        public double Double(string name, string label, double fallback) =>
            Read(name, label, fallback, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null, "a number");

        private T Read<T>(string name, string label, T fallback, Func<string, T?> parse, string kind)
            where T : struct
        {
            string text = form[name].ToString().Trim();
            if (text.Length == 0)
                return fallback;
            if (parse(text) is { } value)
                return value;
            Problem ??= $"{label} '{(text.Length > 20 ? text[..20] + "…" : text)}' is not {kind}.";
            return fallback;
        }
    }
}
