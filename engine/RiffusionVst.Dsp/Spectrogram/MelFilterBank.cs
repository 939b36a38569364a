namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>Triangular HTK mel filters over the one-sided STFT bins, stored sparsely (torchaudio melscale_fbanks, norm=None, mel_scale="htk").</summary>
/// <remarks>
/// mel(f) = 2595·log10(1 + f/700). Bands + 2 points are spaced evenly in mel from MinFrequency to MaxFrequency; band b rises
/// from point b to 1 at point b+1 and falls to 0 at point b+2, evaluated at bin frequencies k·(sr div 2)/(bins − 1)
/// (torchaudio's linspace, equal to k·sr/n_fft for even FFT lengths). No area normalisation. Each band keeps only its
/// non-zero bin range, so a projection costs the non-zeros (about two per bin) rather than bands × bins.
/// </remarks>
public sealed class MelFilterBank
{
    private readonly int[] _start;
    private readonly float[][] _weights;

    /// <summary>Builds the bank for <paramref name="parameters"/>.</summary>
    public MelFilterBank(SpectrogramParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.MinFrequency < 0 || parameters.MaxFrequency <= parameters.MinFrequency)
        {
            throw new ArgumentException($"Mel range must satisfy 0 ≤ min < max; got {parameters.MinFrequency}–{parameters.MaxFrequency} Hz.", nameof(parameters));
        }

        Bands = parameters.MelBands;
        Bins = parameters.BinCount;
        double melMin = HzToMel(parameters.MinFrequency);
        double melMax = HzToMel(parameters.MaxFrequency);
        var points = new double[Bands + 2];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = MelToHz(melMin + (melMax - melMin) * i / (Bands + 1));
        }

        BandEdges = points;
        double binHz = Bins > 1 ? (double)(parameters.SampleRate / 2) / (Bins - 1) : 0;
        _start = new int[Bands];
        _weights = new float[Bands][];
        int upper = 0;
        for (int b = 0; b < Bands; b++)
        {
            double lower = points[b], centre = points[b + 1], top = points[b + 2];
            int first = -1, last = -1;
            var values = new List<float>();
            for (int k = 0; k < Bins; k++)
            {
                double f = k * binHz;
                if (f <= lower)
                {
                    continue;
                }

                if (f >= top)
                {
                    break;
                }

                double up = (f - lower) / (centre - lower);
                double down = (top - f) / (top - centre);
                float weight = (float)Math.Max(0, Math.Min(up, down));
                if (first < 0)
                {
                    first = k;
                }

                last = k;
                values.Add(weight);
            }

            _start[b] = first < 0 ? 0 : first;
            _weights[b] = values.ToArray();
            if (last >= 0)
            {
                upper = Math.Max(upper, last + 1);
            }
        }

        UsedBins = upper;
    }

    /// <summary>Number of mel bands.</summary>
    public int Bands { get; }

    /// <summary>Number of linear-frequency bins the bank reads.</summary>
    public int Bins { get; }

    /// <summary>One past the highest bin with a non-zero weight; bins from here up carry no mel information.</summary>
    public int UsedBins { get; }

    /// <summary>The Bands + 2 triangle corner frequencies in Hz: band b spans [b], peaks at [b+1], ends at [b+2].</summary>
    public IReadOnlyList<double> BandEdges { get; }

    /// <summary>First bin with a non-zero weight in band <paramref name="band"/>.</summary>
    public int FirstBin(int band) => _start[band];

    /// <summary>The non-zero weights of band <paramref name="band"/>, starting at <see cref="FirstBin"/>.</summary>
    public ReadOnlySpan<float> Weights(int band) => _weights[band];

    /// <summary>The full weight M[band, bin] (0 outside the triangle).</summary>
    public float Weight(int band, int bin)
    {
        int i = bin - _start[band];
        return i >= 0 && i < _weights[band].Length ? _weights[band][i] : 0f;
    }

    /// <summary>HTK mel of a frequency in Hz.</summary>
    public static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + hz / 700.0);

    /// <summary>Frequency in Hz of an HTK mel value.</summary>
    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);

    /// <summary>mel = M·s for one frame (<paramref name="spectrum"/> has at least <see cref="UsedBins"/> bins).</summary>
    public void Project(ReadOnlySpan<float> spectrum, Span<float> mel)
    {
        for (int b = 0; b < Bands; b++)
        {
            float[] w = _weights[b];
            ReadOnlySpan<float> s = spectrum.Slice(_start[b], w.Length);
            float sum = 0;
            for (int i = 0; i < w.Length; i++)
            {
                sum += w[i] * s[i];
            }

            mel[b] = sum;
        }
    }

    /// <summary>spectrum = Mᵀ·mel for one frame, written over the first <see cref="UsedBins"/> bins.</summary>
    public void ProjectTransposed(ReadOnlySpan<float> mel, Span<float> spectrum)
    {
        spectrum[..UsedBins].Clear();
        for (int b = 0; b < Bands; b++)
        {
            float[] w = _weights[b];
            Span<float> s = spectrum.Slice(_start[b], w.Length);
            float m = mel[b];
            for (int i = 0; i < w.Length; i++)
            {
                s[i] += w[i] * m;
            }
        }
    }

    /// <summary>The mel spectrogram of an amplitude spectrogram (riffusion's MelScale on |STFT|).</summary>
    public MelSpectrogram Apply(MagnitudeSpectrogram magnitudes, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(magnitudes);
        if (magnitudes.Bins != Bins)
        {
            throw new ArgumentException($"The spectrogram has {magnitudes.Bins} bins but the mel bank expects {Bins}; use the same SpectrogramParameters for both.", nameof(magnitudes));
        }

        var mel = new MelSpectrogram(Bands, magnitudes.Frames);
        FftWorker.ForEachRange(FftWorker.ResolveThreads(threads), magnitudes.Frames, (from, to) =>
        {
            for (int t = from; t < to; t++)
            {
                Project(magnitudes.Frame(t), mel.Frame(t));
            }
        });
        return mel;
    }
}
