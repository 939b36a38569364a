namespace RiffusionVst.Dsp.Spectrogram.Phase;

/// <summary>Phase-gradient heap integration (PGHI; Průša, Balazs &amp; Søndergaard 2017): a phase estimate from STFT magnitudes alone.</summary>
/// <remarks>
/// For a Gaussian window exp(−π u²/λ) the phase gradient follows from the log-magnitude s: in the time-invariant convention
/// with time x in samples and frequency ω in cycles per sample, ∂φ/∂x = (1/λ)·∂s/∂ω + 2πω and ∂φ/∂ω = −λ·∂s/∂x.
/// The Hann window is treated as the Gaussian with λ = 0.25645·L² (L = window length), the constant from the paper.
/// Starting from the loudest coefficient, phases spread to the four neighbours by the trapezoidal rule, always from the
/// loudest coefficient already reached (a bucket queue on log-magnitude, 0.01 neper buckets, stands in for the heap).
/// Coefficients below the relative tolerance get a seeded random phase and are not integrated through.
/// An instance keeps its work arrays between calls and is not thread-safe.
/// Our frames have their time origin at the frame start, half an FFT before the window centre, which adds π·k.
/// </remarks>
public sealed class PhaseGradientHeapIntegration
{
    private const double GaussianForHann = 0.25645;
    private const int BucketsPerNeper = 100;
    private readonly int _hop;
    private readonly int _fftLength;
    private float[] _logs = [], _perFrame = [], _perBin = [], _phase = [];
    private int[] _queueNext = [], _seedNext = [], _bucketOf = [];
    private bool[] _done = [];

    /// <summary>Prepares the estimator for <paramref name="parameters"/>.</summary>
    public PhaseGradientHeapIntegration(SpectrogramParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _hop = parameters.HopLength;
        _fftLength = parameters.FftLength;
        Lambda = GaussianForHann * parameters.WindowLength * (double)parameters.WindowLength;
    }

    /// <summary>λ of the Gaussian equivalent to the Hann window, in samples².</summary>
    public double Lambda { get; }

    /// <summary>Phase in radians of every coefficient (frame-major, same shape as <paramref name="magnitudes"/>).</summary>
    public float[] Estimate(MagnitudeSpectrogram magnitudes, bool periodic = false, double tolerance = 1e-5, int seed = 0, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(magnitudes);
        if (magnitudes.Bins != _fftLength / 2 + 1)
        {
            throw new ArgumentException($"The spectrogram has {magnitudes.Bins} bins but these parameters need {_fftLength / 2 + 1}.", nameof(magnitudes));
        }

        int active = GriffinLim.ActiveBins(magnitudes);
        var full = new float[magnitudes.Data.Length];
        if (active == 0)
        {
            return full;
        }

        float[] compact = Estimate(magnitudes, periodic, tolerance, seed, threads, active);
        for (int t = 0; t < magnitudes.Frames; t++)
        {
            compact.AsSpan(t * active, active).CopyTo(full.AsSpan(t * magnitudes.Bins));
        }

        return full;
    }

    /// <summary>Phases of the first <paramref name="active"/> bins of every frame, frame-major with <paramref name="active"/> per frame,
    /// in a scratch array that the next call overwrites (it may be longer than frames·active).</summary>
    internal float[] Estimate(MagnitudeSpectrogram magnitudes, bool periodic, double tolerance, int seed, int threads, int active)
    {
        if (!(tolerance > 0 && tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance is a fraction of the peak magnitude in (0, 1), e.g. 1e-5.");
        }

        int frames = magnitudes.Frames;
        int n = frames * active;
        EnsureCapacity(n);
        float[] logs = _logs;
        float peak = 0;
        for (int t = 0; t < frames; t++)
        {
            ReadOnlySpan<float> column = magnitudes.Frame(t)[..active];
            for (int k = 0; k < active; k++)
            {
                peak = Math.Max(peak, column[k]);
            }
        }

        float[] phase = _phase;
        if (peak <= 0)
        {
            Array.Clear(phase, 0, n);
            return phase;
        }

        float logPeak = MathF.Log(peak);
        float floor = logPeak + (float)Math.Log(tolerance);
        int parts = FftWorker.ResolveThreads(threads);
        FftWorker.ForEachRange(parts, frames, (from, to) =>
        {
            for (int t = from; t < to; t++)
            {
                ReadOnlySpan<float> column = magnitudes.Frame(t)[..active];
                for (int k = 0; k < active; k++)
                {
                    logs[t * active + k] = column[k] > 0 ? Math.Max(MathF.Log(column[k]), floor) : floor;
                }
            }
        });

        // Phase advance per frame (time direction) and per bin (frequency direction) at every coefficient.
        float[] perFrame = _perFrame;
        float[] perBin = _perBin;
        double timeScale = _hop * _fftLength / Lambda;
        double freqScale = -Lambda / (_fftLength * (double)_hop);
        FftWorker.ForEachRange(parts, frames, (from, to) =>
        {
            for (int t = from; t < to; t++)
            {
                int prevT = t > 0 ? t - 1 : (periodic ? frames - 1 : t);
                int nextT = t + 1 < frames ? t + 1 : (periodic ? 0 : t);
                double timeSpan = nextT == prevT ? 1 : (periodic || (t > 0 && t + 1 < frames) ? 2 : 1);
                for (int k = 0; k < active; k++)
                {
                    int i = t * active + k;
                    int lowK = Math.Max(k - 1, 0), highK = Math.Min(k + 1, active - 1);
                    double dsdk = highK == lowK ? 0 : (logs[t * active + highK] - logs[t * active + lowK]) / (double)(highK - lowK);
                    perFrame[i] = (float)(timeScale * dsdk);
                    double dsdt = nextT == prevT ? 0 : (logs[nextT * active + k] - logs[prevT * active + k]) / timeSpan;
                    perBin[i] = (float)(freqScale * dsdt);
                }
            }
        });

        // The 2πk·hop/N part of the time advance depends only on k; kept apart (and reduced mod 2π exactly) so averaging
        // two neighbours never mixes angles wrapped differently.
        var carrier = new double[active];
        for (int k = 0; k < active; k++)
        {
            carrier[k] = Wrap(2 * Math.PI * ((long)k * _hop % _fftLength) / _fftLength);
        }

        Integrate(n, perFrame, perBin, carrier, frames, active, periodic, floor, logPeak, seed);

        FftWorker.ForEachRange(parts, frames, (from, to) =>
        {
            for (int t = from; t < to; t++)
            {
                for (int k = 0; k < active; k++)
                {
                    // Frame origin half an FFT before the centre: multiply by e^{−iπk}, i.e. add π for odd k.
                    int i = t * active + k;
                    phase[i] = (float)Wrap(phase[i] + ((k & 1) == 1 ? Math.PI : 0));
                }
            }
        });
        return phase;
    }

    private void Integrate(int n, float[] perFrame, float[] perBin, double[] carrier, int frames, int active, bool periodic, float floor, float logPeak, int seed)
    {
        float[] logs = _logs, phase = _phase;
        int buckets = (int)((logPeak - floor) * BucketsPerNeper) + 2;
        var queueHead = new int[buckets];
        var seedHead = new int[buckets];
        Array.Fill(queueHead, -1);
        Array.Fill(seedHead, -1);
        int[] queueNext = _queueNext, seedNext = _seedNext, bucketOf = _bucketOf;
        bool[] done = _done;
        Array.Clear(done, 0, n);
        int top = -1;
        for (int i = n - 1; i >= 0; i--)
        {
            if (logs[i] <= floor)
            {
                done[i] = true;
                phase[i] = (float)(2 * Math.PI * SeededNoise.Uniform(seed, 1, i));
                continue;
            }

            int b = Math.Min((int)((logs[i] - floor) * BucketsPerNeper), buckets - 1);
            bucketOf[i] = b;
            seedNext[i] = seedHead[b];
            seedHead[b] = i;
        }

        for (int sb = buckets - 1; sb >= 0; sb--)
        {
            for (int start = seedHead[sb]; start >= 0; start = seedNext[start])
            {
                if (done[start])
                {
                    continue;
                }

                // A new island: its loudest coefficient keeps phase 0 and the rest follow from the gradient.
                done[start] = true;
                phase[start] = 0;
                top = bucketOf[start];
                queueNext[start] = queueHead[top];
                queueHead[top] = start;
                while (true)
                {
                    while (top >= 0 && queueHead[top] < 0)
                    {
                        top--;
                    }

                    if (top < 0)
                    {
                        break;
                    }

                    int i = queueHead[top];
                    queueHead[top] = queueNext[i];
                    int t = i / active, k = i - t * active;
                    double p = phase[i];
                    if (t + 1 < frames || periodic)
                    {
                        int j = (t + 1 < frames ? t + 1 : 0) * active + k;
                        Visit(j, p + carrier[k] + 0.5 * (perFrame[i] + perFrame[j]));
                    }

                    if (t > 0 || periodic)
                    {
                        int j = (t > 0 ? t - 1 : frames - 1) * active + k;
                        Visit(j, p - carrier[k] - 0.5 * (perFrame[i] + perFrame[j]));
                    }

                    if (k + 1 < active)
                    {
                        Visit(i + 1, p + 0.5 * (perBin[i] + perBin[i + 1]));
                    }

                    if (k > 0)
                    {
                        Visit(i - 1, p - 0.5 * (perBin[i] + perBin[i - 1]));
                    }
                }
            }
        }

        void Visit(int j, double value)
        {
            if (done[j])
            {
                return;
            }

            done[j] = true;
            phase[j] = (float)Wrap(value);
            int b = bucketOf[j];
            queueNext[j] = queueHead[b];
            queueHead[b] = j;
            if (b > top)
            {
                top = b;
            }
        }
    }

    /// <summary>Grows the per-coefficient work arrays, which are kept between calls so repeated conversions do not reallocate.</summary>
    private void EnsureCapacity(int n)
    {
        if (_logs.Length >= n)
        {
            return;
        }

        _logs = new float[n];
        _perFrame = new float[n];
        _perBin = new float[n];
        _phase = new float[n];
        _queueNext = new int[n];
        _seedNext = new int[n];
        _bucketOf = new int[n];
        _done = new bool[n];
    }

    /// <summary>The angle brought into [−π, π).</summary>
    private static double Wrap(double angle) => angle - 2 * Math.PI * Math.Floor(angle / (2 * Math.PI) + 0.5);
}
