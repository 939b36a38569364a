using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Loudness;
using RiffusionVst.Dsp.Audio.Resampling;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Phase;

namespace RiffusionVst.Engine.Loops;

/// <summary>Turns spectrogram images into audio: seamless loops of exactly whole bars, or plain clips.</summary>
/// <remarks>
/// A loop is made in four steps: the mel image is stretched along time to the frame count that one period of the loop
/// spans at the host tempo (<see cref="SpectrogramTimeFit"/>), reconstructed as one period of a periodic signal (frames
/// wrap around, so there is no click where the loop wraps), resampled periodically to exactly
/// <see cref="LoopSpec.LengthSamples"/> at the host rate, and brought to a common loudness with one gain for all
/// channels. Not thread-safe: use one renderer per thread.
/// </remarks>
public sealed class LoopRenderer
{
    private readonly SpectrogramConverter _converter;

    /// <summary>Prepares a renderer; defaults are Riffusion's spectrogram settings and the engine's phase reconstruction.</summary>
    public LoopRenderer(SpectrogramParameters? parameters = null, PhaseReconstructionOptions? phase = null, LoudnessOptions? loudness = null)
    {
        _converter = new SpectrogramConverter(parameters);
        Phase = phase ?? PhaseReconstructionOptions.Default;
        Loudness = loudness ?? new LoudnessOptions();
    }

    /// <summary>The spectrogram settings images are read with.</summary>
    public SpectrogramParameters Parameters => _converter.Parameters;

    /// <summary>Phase reconstruction settings (the periodic flag is set per call).</summary>
    public PhaseReconstructionOptions Phase { get; }

    /// <summary>Loudness target and peak ceiling of the output.</summary>
    public LoudnessOptions Loudness { get; }

    /// <summary>Renders the image's channels as one loop of <paramref name="spec"/>: every channel exactly <see cref="LoopSpec.LengthSamples"/> long.</summary>
    public AudioClip RenderLoop(IReadOnlyList<MelSpectrogram> channels, LoopSpec spec, CancellationToken cancellation = default)
    {
        CheckChannels(channels);
        ArgumentNullException.ThrowIfNull(spec);
        int frames = spec.FramesAt(Parameters.HopLength, Parameters.SampleRate);
        var options = Phase with { Periodic = true };
        var output = new float[channels.Count][];
        for (int c = 0; c < channels.Count; c++)
        {
            cancellation.ThrowIfCancellationRequested();
            var fitted = SpectrogramTimeFit.Fit(channels[c], frames);
            float[] period = _converter.MelToAudio(fitted, options);
            output[c] = period.Length == spec.LengthSamples
                ? period
                : Resampler.Resample(period, spec.LengthSamples, ResampleMode.Periodic);
        }

        var clip = new AudioClip(spec.SampleRate, output);
        return LoudnessNormalizer.Normalize(clip, ResampleMode.Periodic, Loudness).Clip;
    }

    /// <summary>Renders the image as a plain clip (no looping, the image's own timing) at <paramref name="sampleRate"/>.</summary>
    public AudioClip RenderClip(IReadOnlyList<MelSpectrogram> channels, int sampleRate, CancellationToken cancellation = default)
    {
        CheckChannels(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var options = Phase with { Periodic = false };
        var output = new float[channels.Count][];
        for (int c = 0; c < channels.Count; c++)
        {
            cancellation.ThrowIfCancellationRequested();
            float[] audio = _converter.MelToAudio(channels[c], options);
            int length = (int)Math.Round((double)audio.Length * sampleRate / Parameters.SampleRate);
            output[c] = sampleRate == Parameters.SampleRate ? audio : Resampler.Resample(audio, length, ResampleMode.Clip);
        }

        var clip = new AudioClip(sampleRate, output);
        return LoudnessNormalizer.Normalize(clip, ResampleMode.Clip, Loudness).Clip;
    }

    private void CheckChannels(IReadOnlyList<MelSpectrogram> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count is < 1 or > 2)
        {
            throw new ArgumentException($"A spectrogram image has one (mono) or two (stereo) channels; got {channels.Count}.", nameof(channels));
        }

        foreach (var channel in channels)
        {
            if (channel.Bands != Parameters.MelBands)
            {
                throw new ArgumentException(
                    $"The spectrogram has {channel.Bands} mel bands but the renderer expects {Parameters.MelBands}: the image height must equal the number of mel bands.",
                    nameof(channels));
            }

            if (channel.Frames < 2)
            {
                throw new ArgumentException($"The spectrogram has {channel.Frames} columns; at least 2 are needed.", nameof(channels));
            }
        }
    }
}
