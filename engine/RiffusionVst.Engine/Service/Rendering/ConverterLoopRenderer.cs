using System.Collections.Concurrent;
using RiffusionVst.Engine.Audio;
using RiffusionVst.Engine.Audio.Loudness;
using RiffusionVst.Engine.Audio.Resampling;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Spectrogram;
using RiffusionVst.Engine.Spectrogram.Image;
using RiffusionVst.Engine.Spectrogram.Phase;

namespace RiffusionVst.Engine.Service.Rendering;

/// <summary>
/// Image → loop with the spectrogram converter: time-fit the columns to the host tempo, periodic phase reconstruction,
/// resample to the exact loop length, loudness-normalise, copy to the requested channels.
/// </summary>
public sealed class ConverterLoopRenderer : ILoopAudioRenderer
{
    private readonly ConcurrentBag<SpectrogramConverter> _converters = [];
    private readonly PhaseReconstructionOptions _phase;

    /// <summary>A renderer with the engine's default phase reconstruction, or <paramref name="phase"/> (made periodic).</summary>
    public ConverterLoopRenderer(PhaseReconstructionOptions? phase = null)
    {
        _phase = (phase ?? PhaseReconstructionOptions.Default) with { Periodic = true };
    }

    /// <inheritdoc/>
    public AudioClip Render(RgbImage image, LoopSpec loop, int channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 2);
        cancellationToken.ThrowIfCancellationRequested();

        var parameters = SpectrogramParameters.Riffusion;
        MelSpectrogram mel = SpectrogramImageCodec.FromImage(image, parameters)[0];
        MelSpectrogram fitted = SpectrogramTimeFit.Fit(mel, loop.FramesAt(parameters.HopLength, parameters.SampleRate));
        cancellationToken.ThrowIfCancellationRequested();

        float[] period = Rent().Use(converter => converter.MelToAudio(fitted, _phase));
        cancellationToken.ThrowIfCancellationRequested();

        float[] exact = Resampler.Resample(period, loop.LengthSamples, ResampleMode.Periodic);
        AudioClip mono = LoudnessNormalizer.Normalize(new AudioClip(loop.SampleRate, exact), ResampleMode.Periodic).Clip;
        return channels == 1 ? mono : new AudioClip(loop.SampleRate, mono.Channels[0], (float[])mono.Channels[0].Clone());
    }

    private Lease Rent() => new(this, _converters.TryTake(out var c) ? c : new SpectrogramConverter());

    // Converters are reusable but not shareable across threads: each render borrows one.
    private readonly struct Lease(ConverterLoopRenderer owner, SpectrogramConverter converter)
    {
        public T Use<T>(Func<SpectrogramConverter, T> work)
        {
            try
            {
                return work(converter);
            }
            finally
            {
                owner._converters.Add(converter);
            }
        }
    }
}
