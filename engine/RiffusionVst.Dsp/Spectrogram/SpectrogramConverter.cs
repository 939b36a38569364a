using RiffusionVst.Dsp.Spectrogram.Phase;

namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>Audio ↔ mel spectrogram for one channel: the STFT, mel bank, inverse mel and phase reconstruction put together.</summary>
/// <remarks>
/// Audio → mel: |STFT| then the mel bank (riffusion's Spectrogram + MelScale). Mel → audio: non-negative inverse mel,
/// then phase reconstruction (by default: PGHI start, 10 momentum Griffin-Lim iterations on half-length FFT frames,
/// each iteration refitting the magnitudes to the mel target). Linear clips give
/// hop·(frames − 1) samples; with <see cref="PhaseReconstructionOptions.Periodic"/> the result is one seamless loop period
/// of hop·frames samples. Stereo images are converted one channel at a time. An instance is safe to reuse, not to share
/// across threads at once.
/// </remarks>
public sealed class SpectrogramConverter
{
    private readonly Stft _stft;
    private readonly GriffinLim _griffinLim;

    /// <summary>Prepares conversions with <paramref name="parameters"/> (riffusion's by default).</summary>
    /// <remarks>No inverse-mel refinement by default: the closed-form start already leaves a relative mel residual of about
    /// 2e-3, and with <see cref="PhaseReconstructionOptions.RefitMel"/> the iterations fit the mel themselves (20 steps
    /// changed SC by under 0.05 dB on the synthetic beat).</remarks>
    public SpectrogramConverter(SpectrogramParameters? parameters = null, int melRefinementSteps = 0, int threads = 0)
    {
        Parameters = parameters ?? SpectrogramParameters.Riffusion;
        _stft = new Stft(Parameters, threads);
        MelBank = new MelFilterBank(Parameters);
        MelInverter = new MelInverter(MelBank, melRefinementSteps, threads);
        _griffinLim = new GriffinLim(Parameters);
    }

    /// <summary>The spectrogram settings.</summary>
    public SpectrogramParameters Parameters { get; }

    /// <summary>The mel filter bank in use.</summary>
    public MelFilterBank MelBank { get; }

    /// <summary>The inverse mel step in use.</summary>
    public MelInverter MelInverter { get; }

    /// <summary>The mel amplitude spectrogram of mono audio: 1 + ⌊N/hop⌋ frames, or N/hop when <paramref name="periodic"/>.</summary>
    public MelSpectrogram AudioToMel(ReadOnlyMemory<float> samples, bool periodic = false) =>
        MelBank.Apply(_stft.ForwardMagnitudes(samples, periodic), MelInverter.Threads);

    /// <summary>The non-negative linear amplitude spectrogram behind a mel spectrogram.</summary>
    public MagnitudeSpectrogram MelToMagnitudes(MelSpectrogram mel) => MelInverter.Invert(mel);

    /// <summary>Mono audio whose mel spectrogram approximates <paramref name="mel"/>; not normalised in level.</summary>
    public float[] MelToAudio(MelSpectrogram mel, PhaseReconstructionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mel);
        options ??= PhaseReconstructionOptions.Default;
        if (options.Threads == 0 && MelInverter.Threads != Environment.ProcessorCount)
        {
            options = options with { Threads = MelInverter.Threads };
        }

        MagnitudeSpectrogram magnitudes = MelInverter.Invert(mel);
        if (!options.HalfLengthFrames)
        {
            return _griffinLim.Reconstruct(magnitudes, options, mel, MelBank);
        }

        _half ??= HalfLength.Create(Parameters);
        int halfBins = _half.Bank.Bins;
        var decimated = new MagnitudeSpectrogram(halfBins, magnitudes.Frames);
        for (int t = 0; t < magnitudes.Frames; t++)
        {
            Span<float> source = magnitudes.Frame(t);
            Span<float> target = decimated.Frame(t);
            for (int k = 0; k < halfBins; k++)
            {
                target[k] = source[2 * k];
            }
        }

        // The half-length mel bank samples each triangle half as densely, so its mel is about half the target: a
        // global factor that only scales the result, which is level-free anyway.
        return _half.GriffinLim.Reconstruct(decimated, options, mel, _half.Bank);
    }

    private HalfLength? _half;

    /// <summary>Phase reconstruction on FFT frames half as long (same hop and window), built on first use.</summary>
    private sealed record HalfLength(MelFilterBank Bank, GriffinLim GriffinLim)
    {
        public static HalfLength Create(SpectrogramParameters full)
        {
            var half = full with { PaddedMs = full.PaddedMs / 2 };
            if (full.FftLength % 2 != 0 || half.FftLength != full.FftLength / 2 || half.FftLength < 2 * half.WindowLength)
            {
                throw new InvalidOperationException($"Half-length frames need an even FFT length at least twice the window ({full.FftLength} vs window {full.WindowLength}).");
            }

            return new HalfLength(new MelFilterBank(half), new GriffinLim(half));
        }
    }
}
