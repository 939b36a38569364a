namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>Short-time Fourier transform and its inverse with torch.stft / torch.istft semantics, plus a periodic mode for loops.</summary>
/// <remarks>
/// Window: torch.hann_window(WindowLength), which is periodic (w[n] = ½ − ½cos(2πn/L)), zero-padded to the centre of an
/// FftLength frame — what riffusion got from torchaudio. Linear mode: center=true with reflect padding, 1 + ⌊N/hop⌋ frames;
/// the inverse divides the overlap-add by Σ w² and trims the centre padding, returning hop·(frames − 1) samples.
/// Periodic mode: the signal is one period of frames·hop samples; frame t is centred on sample t·hop and reads around the
/// wrap, and the inverse overlap-adds modulo the period, so a loop has no seam. Transforms are unnormalised.
/// </remarks>
public sealed class Stft
{
    private readonly StftFraming _framing;
    private readonly int _threads;

    /// <summary>Prepares transforms for <paramref name="parameters"/>, using <paramref name="threads"/> threads (0: one per processor).</summary>
    public Stft(SpectrogramParameters parameters, int threads = 0)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _framing = new StftFraming(parameters);
        _threads = FftWorker.ResolveThreads(threads);
    }

    /// <summary>The spectrogram settings.</summary>
    public SpectrogramParameters Parameters { get; }

    /// <summary>Frames the forward transform gives for <paramref name="samples"/> samples: 1 + ⌊N/hop⌋ (linear) or N/hop (periodic).</summary>
    public int FrameCount(int samples, bool periodic = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        if (periodic)
        {
            RequireWholePeriod(samples);
            return samples / _framing.Hop;
        }

        return _framing.LinearFrameCount(samples);
    }

    /// <summary>Samples the inverse returns for <paramref name="frames"/> frames: hop·(frames − 1) (linear) or hop·frames (periodic).</summary>
    public int SampleCount(int frames, bool periodic = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        return periodic ? frames * _framing.Hop : _framing.LinearSampleCount(frames);
    }

    /// <summary>The complex one-sided STFT of <paramref name="signal"/>.</summary>
    public ComplexSpectrogram Forward(ReadOnlyMemory<float> signal, bool periodic = false)
    {
        int frames = CheckSignal(signal.Length, periodic);
        int bins = Parameters.BinCount;
        var result = new ComplexSpectrogram(bins, frames);
        var workers = FftWorker.CreatePool(_framing.FftLength, _threads);
        FftWorker.ForEachRange(workers, frames, (w, from, to) =>
        {
            ReadOnlySpan<float> source = signal.Span;
            for (int t = from; t < to; t++)
            {
                _framing.ReadWindowed(source, t, periodic, w.Frame);
                w.Fft.Forward(w.Frame, result.Real.AsSpan(t * bins, bins), result.Imag.AsSpan(t * bins, bins));
            }
        });
        return result;
    }

    /// <summary>The magnitudes |STFT| of <paramref name="signal"/> (riffusion's Spectrogram(power=None).abs()).</summary>
    public MagnitudeSpectrogram ForwardMagnitudes(ReadOnlyMemory<float> signal, bool periodic = false)
    {
        int frames = CheckSignal(signal.Length, periodic);
        int bins = Parameters.BinCount;
        var result = new MagnitudeSpectrogram(bins, frames);
        var workers = FftWorker.CreatePool(_framing.FftLength, _threads);
        FftWorker.ForEachRange(workers, frames, (w, from, to) =>
        {
            ReadOnlySpan<float> source = signal.Span;
            for (int t = from; t < to; t++)
            {
                _framing.ReadWindowed(source, t, periodic, w.Frame);
                w.Fft.Forward(w.Frame, w.Real, w.Imag);
                Span<float> column = result.Frame(t);
                for (int k = 0; k < bins; k++)
                {
                    column[k] = MathF.Sqrt(w.Real[k] * w.Real[k] + w.Imag[k] * w.Imag[k]);
                }
            }
        });
        return result;
    }

    /// <summary>The signal whose STFT is closest to <paramref name="spectrum"/> (least-squares overlap-add, torch.istft).</summary>
    public float[] Inverse(ComplexSpectrogram spectrum, bool periodic = false)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        int bins = Parameters.BinCount;
        if (spectrum.Bins != bins)
        {
            throw new ArgumentException($"The spectrum has {spectrum.Bins} bins per frame but these parameters need {bins} (FFT length {_framing.FftLength}).", nameof(spectrum));
        }

        int frames = spectrum.Frames;
        int length = SampleCount(frames, periodic);
        int win = _framing.WindowLength;
        var segments = new float[frames * win];
        var workers = FftWorker.CreatePool(_framing.FftLength, _threads);
        FftWorker.ForEachRange(workers, frames, (w, from, to) =>
        {
            for (int t = from; t < to; t++)
            {
                w.Fft.Inverse(spectrum.Real.AsSpan(t * bins, bins), spectrum.Imag.AsSpan(t * bins, bins), w.Output);
                WindowSegment(w.Output, segments.AsSpan(t * win, win));
            }
        });
        var output = new float[length];
        float[] inverseEnvelope = _framing.InverseEnvelope(frames, periodic, length);
        FftWorker.ForEachRange(_threads, length, (from, to) =>
            _framing.OverlapAdd(segments, frames, periodic, output, inverseEnvelope, from, to));
        return output;
    }

    internal StftFraming Framing => _framing;

    /// <summary>Multiplies the window region of an inverse FFT output by the window (the synthesis window of istft).</summary>
    internal void WindowSegment(ReadOnlySpan<float> fftOutput, Span<float> segment)
    {
        ReadOnlySpan<float> source = fftOutput.Slice(_framing.WindowOffset, _framing.WindowLength);
        float[] window = _framing.Window;
        for (int j = 0; j < segment.Length; j++)
        {
            segment[j] = source[j] * window[j];
        }
    }

    private int CheckSignal(int samples, bool periodic)
    {
        if (periodic)
        {
            if (samples == 0)
            {
                throw new ArgumentException("A periodic signal needs at least one hop of samples.", nameof(samples));
            }

            return FrameCount(samples, periodic: true);
        }

        if (samples < 2)
        {
            throw new ArgumentException($"A linear STFT needs at least 2 samples for reflect padding, got {samples}.", nameof(samples));
        }

        return _framing.LinearFrameCount(samples);
    }

    private void RequireWholePeriod(int samples)
    {
        if (samples % _framing.Hop != 0)
        {
            throw new ArgumentException($"A periodic signal must be a whole number of hops ({_framing.Hop} samples); got {samples}. Resample or trim the loop to frames·hop samples first.", nameof(samples));
        }
    }
}
