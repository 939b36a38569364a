namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>Recovers a non-negative linear amplitude spectrogram S from a mel spectrogram: min ‖M·S − mel‖² with S ≥ 0, frame by frame.</summary>
/// <remarks>
/// Neighbouring triangles are the only ones that overlap, so M·Mᵀ is tridiagonal. The start is the (lightly regularised)
/// minimum-norm solution Mᵀ(M·Mᵀ + εI)⁻¹·mel, an O(bands) solve per frame, which is the piecewise-linear interpolation
/// of the band coefficients and so is negative only where they are. It is clamped at 0 and refined with accelerated
/// projected-gradient (FISTA) steps of size 1/‖M·Mᵀ‖. Riffusion ran 200 plain gradient steps from a random start instead.
/// </remarks>
public sealed class MelInverter
{
    private readonly MelFilterBank _bank;
    private readonly double[] _lower;
    private readonly double[] _diagonal;
    private readonly double[] _upper;
    private readonly float _stepSize;

    /// <summary>Prepares the inverse of <paramref name="bank"/>; <paramref name="refinementSteps"/> projected-gradient steps follow the closed-form start.</summary>
    public MelInverter(MelFilterBank bank, int refinementSteps = 20, int threads = 0)
    {
        _bank = bank ?? throw new ArgumentNullException(nameof(bank));
        ArgumentOutOfRangeException.ThrowIfNegative(refinementSteps);
        RefinementSteps = refinementSteps;
        Threads = FftWorker.ResolveThreads(threads);
        int bands = bank.Bands;

        // Gram matrix G = M·Mᵀ, tridiagonal because band b only meets bands b−1 and b+1.
        var diag = new double[bands];
        var off = new double[Math.Max(bands - 1, 0)];
        for (int b = 0; b < bands; b++)
        {
            diag[b] = Dot(b, b);
            if (b + 1 < bands)
            {
                off[b] = Dot(b, b + 1);
            }
        }

        double gershgorin = 0;
        double mean = 0;
        for (int b = 0; b < bands; b++)
        {
            double row = diag[b] + (b > 0 ? Math.Abs(off[b - 1]) : 0) + (b + 1 < bands ? Math.Abs(off[b]) : 0);
            gershgorin = Math.Max(gershgorin, row);
            mean += diag[b] / bands;
        }

        if (gershgorin <= 0)
        {
            throw new ArgumentException("The mel bank has no non-zero weights; the frequency range holds no FFT bins.", nameof(bank));
        }

        _stepSize = (float)(1.0 / gershgorin);

        // Thomas factorisation of G + εI, kept so each frame costs one forward and one back substitution.
        double epsilon = 1e-6 * mean;
        _diagonal = new double[bands];
        _lower = new double[bands];
        _upper = new double[bands];
        for (int b = 0; b < bands; b++)
        {
            double d = diag[b] + epsilon;
            if (b > 0)
            {
                _lower[b] = off[b - 1] / _diagonal[b - 1];
                d -= _lower[b] * off[b - 1];
            }

            _diagonal[b] = d;
            _upper[b] = b + 1 < bands ? off[b] : 0;
        }
    }

    /// <summary>The forward mel bank being inverted.</summary>
    public MelFilterBank Bank => _bank;

    /// <summary>Projected-gradient steps after the closed-form start.</summary>
    public int RefinementSteps { get; }

    /// <summary>Threads used across frames.</summary>
    public int Threads { get; }

    /// <summary>A non-negative amplitude spectrogram S (full bin count, zero above the mel range) with M·S ≈ <paramref name="mel"/>.</summary>
    public MagnitudeSpectrogram Invert(MelSpectrogram mel)
    {
        ArgumentNullException.ThrowIfNull(mel);
        if (mel.Bands != _bank.Bands)
        {
            throw new ArgumentException($"The mel spectrogram has {mel.Bands} bands but the bank has {_bank.Bands}; use matching SpectrogramParameters.MelBands.", nameof(mel));
        }

        for (int i = 0; i < mel.Data.Length; i++)
        {
            if (!float.IsFinite(mel.Data[i]) || mel.Data[i] < 0)
            {
                throw new ArgumentException($"Mel amplitudes must be finite and non-negative; found {mel.Data[i]} in frame {i / mel.Bands}, band {i % mel.Bands}.", nameof(mel));
            }
        }

        int used = _bank.UsedBins;
        var result = new MagnitudeSpectrogram(_bank.Bins, mel.Frames);
        FftWorker.ForEachRange(Threads, mel.Frames, (from, to) =>
        {
            var coefficients = new double[_bank.Bands];
            var melScratch = new float[_bank.Bands];
            var previous = new float[used];
            var look = new float[used];
            var gradient = new float[used];
            for (int t = from; t < to; t++)
            {
                InvertFrame(mel.Frame(t), result.Frame(t)[..used], coefficients, melScratch, previous, look, gradient);
            }
        });
        return result;
    }

    /// <summary>‖M·S − mel‖ / ‖mel‖ over all frames (0 when both are silent).</summary>
    public double RelativeResidual(MelSpectrogram mel, MagnitudeSpectrogram spectrum)
    {
        ArgumentNullException.ThrowIfNull(mel);
        ArgumentNullException.ThrowIfNull(spectrum);
        var projected = _bank.Apply(spectrum, Threads);
        double error = 0, norm = 0;
        for (int i = 0; i < mel.Data.Length; i++)
        {
            double d = projected.Data[i] - mel.Data[i];
            error += d * d;
            norm += (double)mel.Data[i] * mel.Data[i];
        }

        return norm > 0 ? Math.Sqrt(error / norm) : Math.Sqrt(error);
    }

    private void InvertFrame(ReadOnlySpan<float> mel, Span<float> spectrum, double[] c, float[] melScratch, float[] previous, float[] look, float[] gradient)
    {
        int bands = _bank.Bands;
        bool silent = true;
        for (int b = 0; b < bands; b++)
        {
            silent &= mel[b] == 0;
        }

        if (silent)
        {
            spectrum.Clear();
            return;
        }

        // Solve (G + εI)c = mel with the stored factorisation.
        for (int b = 0; b < bands; b++)
        {
            c[b] = mel[b] - (b > 0 ? _lower[b] * c[b - 1] : 0);
        }

        for (int b = bands - 1; b >= 0; b--)
        {
            c[b] = (c[b] - (b + 1 < bands ? _upper[b] * c[b + 1] : 0)) / _diagonal[b];
        }

        for (int b = 0; b < bands; b++)
        {
            melScratch[b] = (float)c[b];
        }

        _bank.ProjectTransposed(melScratch, spectrum);
        for (int k = 0; k < spectrum.Length; k++)
        {
            spectrum[k] = Math.Max(spectrum[k], 0f);
        }

        if (RefinementSteps == 0)
        {
            return;
        }

        // FISTA on ½‖M·S − mel‖² over S ≥ 0: gradient at the look-ahead point, then projection.
        spectrum.CopyTo(previous);
        spectrum.CopyTo(look);
        double momentumT = 1;
        for (int step = 0; step < RefinementSteps; step++)
        {
            _bank.Project(look, melScratch);
            for (int b = 0; b < bands; b++)
            {
                melScratch[b] -= mel[b];
            }

            _bank.ProjectTransposed(melScratch, gradient);
            double nextT = (1 + Math.Sqrt(1 + 4 * momentumT * momentumT)) / 2;
            float beta = (float)((momentumT - 1) / nextT);
            momentumT = nextT;
            for (int k = 0; k < spectrum.Length; k++)
            {
                float updated = Math.Max(look[k] - _stepSize * gradient[k], 0f);
                look[k] = updated + beta * (updated - previous[k]);
                previous[k] = updated;
            }
        }

        previous.AsSpan(0, spectrum.Length).CopyTo(spectrum);
    }

    private double Dot(int a, int b)
    {
        ReadOnlySpan<float> wa = _bank.Weights(a);
        int sa = _bank.FirstBin(a);
        double sum = 0;
        for (int i = 0; i < wa.Length; i++)
        {
            sum += wa[i] * (double)_bank.Weight(b, sa + i);
        }

        return sum;
    }
}
