using System.Collections.Concurrent;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Loops;

/// <summary>
/// The one place that turns a <see cref="SeedDescription"/> and the loop's shape into the seed image on the native
/// grid (<see cref="SeedImages"/>): audio → its bars fitted to the grid, pattern → the synthesised pattern, picture →
/// fitted to the bars, none → no image (text-to-image). The server's generators and the command line all ask it.
/// Thread-safe; pattern images depend only on (pattern, bars, beats a bar) and are made once.
/// </summary>
public sealed class SeedImageSource
{
    private readonly ConcurrentDictionary<(string Pattern, int Bars, int BeatsPerBar), RgbImage> _patterns = new();
    private readonly SpectrogramConverter _converter;
    private readonly Lock _converterGate = new();

    /// <summary>A source that renders audio through <paramref name="converter"/> (a new default one if null).</summary>
    public SeedImageSource(SpectrogramConverter? converter = null)
    {
        _converter = converter ?? new SpectrogramConverter();
    }

    /// <summary>
    /// The seed image of <paramref name="bars"/> bars of <paramref name="beatsPerBar"/> beats
    /// (<see cref="SeedImages.Width"/> × <see cref="SeedImages.Height"/>), or null for <see cref="SeedDescription.None"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The bars or beats are out of range, or the seed audio is too short or its tempo impossible.</exception>
    public RgbImage? Image(SeedDescription seed, int bars, int beatsPerBar)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (seed.Audio is { } audio)
        {
            lock (_converterGate)
            {
                return SeedImages.FromAudio(audio, bars, beatsPerBar, seed.AudioBpm, _converter);
            }
        }

        if (seed.Picture is { } picture)
        {
            return SeedImages.FitPicture(picture, bars, beatsPerBar);
        }

        return seed.Pattern is { } pattern ? Pattern(pattern, bars, beatsPerBar) : null;
    }

    /// <summary>
    /// The seed's own sound as an image, for an engine that runs no diffusion: <see cref="Image"/>, and for
    /// <see cref="SeedDescription.None"/> silence (<see cref="SeedPatternNames.None"/>'s empty pattern).
    /// </summary>
    public RgbImage OwnSound(SeedDescription seed, int bars, int beatsPerBar) =>
        Image(seed, bars, beatsPerBar) ?? Pattern(SeedPatternNames.None, bars, beatsPerBar);

    private RgbImage Pattern(string name, int bars, int beatsPerBar) =>
        _patterns.GetOrAdd((name, bars, beatsPerBar), key =>
        {
            SeedPattern pattern = SeedPatternCatalog.Get(key.Pattern);
            lock (_converterGate)
            {
                return SeedImages.FromPattern(pattern, key.Bars, key.BeatsPerBar, _converter);
            }
        });
}
