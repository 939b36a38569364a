using System.Collections.Concurrent;
using RiffusionVst.Engine.Audio;
using RiffusionVst.Engine.Audio.Resampling;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Spectrogram;
using RiffusionVst.Engine.Spectrogram.Image;

namespace RiffusionVst.Engine.Service.Generation;

/// <summary>Seed images for img2img on the model's native grid (64 columns a beat): from a named pattern or from user audio.</summary>
/// <remarks>Pattern images are made once per (pattern, bars, beats per bar) and shared; treat them as read-only.</remarks>
public static class SeedImages
{
    private static readonly ConcurrentDictionary<(string, int, int), RgbImage> PatternImages = new();
    private static readonly Lock ConverterLock = new();
    private static SpectrogramConverter? _converter;

    /// <summary>The spectrogram image of <paramref name="bars"/> bars of <paramref name="pattern"/> at 93.75 BPM, one loop period wide.</summary>
    public static RgbImage FromPattern(SeedPattern pattern, int bars, int beatsPerBar = 4)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var loop = new LoopSpec(LoopSpec.NativeBpm, bars, beatsPerBar);
        return PatternImages.GetOrAdd((pattern.Name, loop.Bars, loop.BeatsPerBar),
            _ => SpectrogramImageCodec.ToImage([PatternSpectrogram(pattern, loop.Bars, loop.BeatsPerBar)]));
    }

    /// <summary>The mel spectrogram of <paramref name="bars"/> bars of <paramref name="pattern"/> on the native grid: 64 columns a beat, wrapping.</summary>
    public static MelSpectrogram PatternSpectrogram(SeedPattern pattern, int bars, int beatsPerBar = 4)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var loop = new LoopSpec(LoopSpec.NativeBpm, bars, beatsPerBar);

        // At the native tempo a beat is exactly 64 hops of 441 samples, so the periodic transform gives one column a hop.
        AudioClip audio = SeedPatternRenderer.Render(pattern, loop.Bars, loop.BeatsPerBar);
        MelSpectrogram mel = ToMel(audio.Channels[0], periodic: true);
        return mel.Frames == loop.NativeColumns ? mel : SpectrogramTimeFit.Fit(mel, loop.NativeColumns);
    }

    /// <summary>The spectrogram image of user audio taken as exactly <paramref name="bars"/> bars, fitted to the native grid.</summary>
    /// <remarks>The audio is mixed to mono and converted to 44.1 kHz without changing its pitch; its spectrogram is then
    /// stretched along time to <c>64 · bars · beatsPerBar</c> columns, whatever tempo it was played at.</remarks>
    public static RgbImage FromAudio(AudioClip audio, int bars, int beatsPerBar = 4)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var loop = new LoopSpec(LoopSpec.NativeBpm, bars, beatsPerBar);
        AudioClip mono = audio.MixToMono().WithSampleRate(SpectrogramParameters.Riffusion.SampleRate, ResampleMode.Periodic);
        MelSpectrogram mel = ToMel(mono.Channels[0], periodic: false);
        return SpectrogramImageCodec.ToImage([SpectrogramTimeFit.Fit(mel, loop.NativeColumns)]);
    }

    private static MelSpectrogram ToMel(float[] samples, bool periodic)
    {
        lock (ConverterLock)
        {
            _converter ??= new SpectrogramConverter();
            return _converter.AudioToMel(samples, periodic);
        }
    }
}
