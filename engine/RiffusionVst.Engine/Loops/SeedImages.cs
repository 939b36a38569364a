using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Resampling;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Loops;

/// <summary>
/// Seed images for img2img on the model's native grid (64 columns a beat, 512 mel rows): a synthesised seed
/// pattern, a user's audio fitted to whole bars, or a picture fitted to the bar count. The seed image locks the
/// tempo of what the model paints, as Riffusion's own seed images did. Which of these a request asks for is
/// <see cref="SeedImageSource"/>'s to decide; the diffusion pipeline only takes the image.
/// </summary>
public static class SeedImages
{
    /// <summary>Rows of every Riffusion image (mel bands).</summary>
    public const int Height = 512;

    /// <summary>Image columns for <paramref name="bars"/> bars of <paramref name="beatsPerBar"/> beats (256 a bar of 4/4).</summary>
    public static int Width(int bars, int beatsPerBar = 4)
    {
        if (bars < ProtocolLimits.MinBars || bars > ProtocolLimits.MaxBars || beatsPerBar < ProtocolLimits.MinBeatsPerBar || beatsPerBar > ProtocolLimits.MaxBeatsPerBar)
        {
            throw new ArgumentException($"Bars must lie in {ProtocolLimits.MinBars} … {ProtocolLimits.MaxBars} and beats a bar in {ProtocolLimits.MinBeatsPerBar} … {ProtocolLimits.MaxBeatsPerBar} (got {bars} bars of {beatsPerBar}).");
        }

        return bars * beatsPerBar * LoopSpec.NativeColumnsPerBeat;
    }

    /// <summary>The named pattern rendered at the native tempo, turned into a periodic mel image of exactly <see cref="Width"/> columns.</summary>
    public static RgbImage FromPattern(SeedPattern pattern, int bars, int beatsPerBar, SpectrogramConverter converter)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(converter);
        int width = Width(bars, beatsPerBar);
        AudioClip clip = SeedPatternRenderer.Render(pattern, bars, beatsPerBar, LoopSpec.NativeBpm, converter.Parameters.SampleRate);
        return ToImage(clip.Channels[0], width, converter);
    }

    /// <summary>
    /// A user's clip as a seed: mixed to mono at the spectrogram rate; with <paramref name="bpm"/> the first
    /// <paramref name="bars"/> bars at that tempo are taken (the clip repeats if shorter), otherwise the whole clip counts
    /// as <paramref name="bars"/> bars; its periodic mel spectrogram is then time-fitted to the native grid.
    /// </summary>
    public static RgbImage FromAudio(AudioClip clip, int bars, int beatsPerBar, double? bpm, SpectrogramConverter converter)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(converter);
        int width = Width(bars, beatsPerBar);
        int rate = converter.Parameters.SampleRate;
        int hop = converter.Parameters.HopLength;
        if (clip.Length < hop)
        {
            throw new ArgumentException($"The seed audio is too short ({clip.Length} samples); give at least one bar.");
        }

        float[] mono = clip.MixToMono().WithSampleRate(rate).Channels[0];

        if (bpm is double tempo)
        {
            if (!(tempo > 0 && tempo <= ProtocolLimits.MaxBpm))
            {
                throw new ArgumentException($"The seed audio's tempo must lie in (0, {ProtocolLimits.MaxBpm}] BPM (got {tempo}).");
            }

            int length = (int)Math.Round(bars * beatsPerBar * 60.0 / tempo * rate);
            var bar = new float[length];
            for (int i = 0; i < length; i++)
            {
                bar[i] = mono[i % mono.Length];
            }

            mono = bar;
        }

        // The periodic STFT takes whole hops; a clip of any other length (a captured loop at most tempos, any file)
        // is stretched by under half a hop to the nearest whole number of them, periodically, before the time fit.
        int hops = Math.Max(1, (int)Math.Round((double)mono.Length / hop));
        if (mono.Length != hops * hop)
        {
            mono = Resampler.Resample(mono, hops * hop, ResampleMode.Periodic);
        }

        return ToImage(mono, width, converter);
    }

    /// <summary>A picture as a seed: the same picture when it already has <see cref="Width"/> columns and 512 rows, otherwise its spectrogram time-fitted (and rows resized) to that grid.</summary>
    public static RgbImage FitPicture(RgbImage picture, int bars, int beatsPerBar)
    {
        ArgumentNullException.ThrowIfNull(picture);
        int width = Width(bars, beatsPerBar);
        if (picture.Width == width && picture.Height == Height)
        {
            return picture;
        }

        RgbImage rows = picture.Height == Height ? picture : LanczosResize.Resize(picture, picture.Width, Height);
        MelSpectrogram[] channels = SpectrogramImageCodec.FromImage(rows, SpectrogramParameters.Riffusion with { Stereo = false });
        MelSpectrogram fitted = SpectrogramTimeFit.Fit(channels[0], width);
        return SpectrogramImageCodec.ToImage([fitted]);
    }

    private static RgbImage ToImage(float[] samples, int width, SpectrogramConverter converter)
    {
        MelSpectrogram mel = converter.AudioToMel(samples, periodic: true);
        if (mel.Frames != width)
        {
            mel = SpectrogramTimeFit.Fit(mel, width);
        }

        return SpectrogramImageCodec.ToImage([mel]);
    }
}
