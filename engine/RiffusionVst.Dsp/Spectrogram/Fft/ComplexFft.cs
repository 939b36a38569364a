namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>Complex FFT of one fixed length on split real/imaginary arrays (mixed-radix Stockham, Bluestein for large primes).</summary>
/// <remarks>
/// Shares the cached <see cref="ComplexFftPlan"/>; owns its scratch, so an instance is not thread-safe (one per thread).
/// Forward is unnormalised (sign −i); <see cref="Inverse"/> scales by 1/Length. Input and output may be the same arrays.
/// No allocation per transform.
/// </remarks>
internal sealed class ComplexFft
{
    private readonly ComplexFftPlan _plan;
    private readonly float[] _scratchReal;
    private readonly float[] _scratchImag;
    private readonly float[] _otherReal;
    private readonly float[] _otherImag;
    private readonly ComplexFft? _convolution;

    /// <summary>Prepares transforms of <paramref name="length"/> complex points.</summary>
    public ComplexFft(int length)
    {
        if (length <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "An FFT needs at least one point; pass a length of 1 or more.");
        }

        _plan = ComplexFftPlan.Get(length);
        int scratch = _plan.Bluestein?.ConvolutionLength ?? length;
        _scratchReal = new float[scratch];
        _scratchImag = new float[scratch];
        _otherReal = _plan.Stages.Length > 1 ? new float[scratch] : [];
        _otherImag = _plan.Stages.Length > 1 ? new float[scratch] : [];
        if (_plan.Bluestein is { } bluestein)
        {
            _convolution = new ComplexFft(bluestein.ConvolutionLength);
        }
    }

    /// <summary>Number of complex points per transform.</summary>
    public int Length => _plan.Length;

    /// <summary>Unnormalised forward DFT: X[k] = Σ x[j]·exp(−2πi·jk/N).</summary>
    public void Forward(ReadOnlySpan<float> inputReal, ReadOnlySpan<float> inputImag, Span<float> outputReal, Span<float> outputImag)
    {
        CheckLengths(inputReal.Length, inputImag.Length, outputReal.Length, outputImag.Length);
        Transform(inputReal, inputImag, outputReal, outputImag);
    }

    /// <summary>Inverse DFT scaled by 1/N, so Inverse(Forward(x)) == x.</summary>
    public void Inverse(ReadOnlySpan<float> inputReal, ReadOnlySpan<float> inputImag, Span<float> outputReal, Span<float> outputImag)
    {
        CheckLengths(inputReal.Length, inputImag.Length, outputReal.Length, outputImag.Length);
        InverseUnscaled(inputReal, inputImag, outputReal, outputImag);
        float scale = 1f / Length;
        Scale(outputReal, scale);
        Scale(outputImag, scale);
    }

    /// <summary>Unnormalised inverse DFT (sign +i), without checks.</summary>
    /// <remarks>Swapping real and imaginary parts on both sides turns the forward transform into the inverse one.</remarks>
    internal void InverseUnscaled(ReadOnlySpan<float> inputReal, ReadOnlySpan<float> inputImag, Span<float> outputReal, Span<float> outputImag) =>
        Transform(inputImag, inputReal, outputImag, outputReal);

    /// <summary>Unnormalised forward DFT without checks.</summary>
    internal void Transform(ReadOnlySpan<float> inputReal, ReadOnlySpan<float> inputImag, Span<float> outputReal, Span<float> outputImag)
    {
        if (_plan.Bluestein is { } bluestein)
        {
            Convolve(bluestein, inputReal, inputImag, outputReal, outputImag);
            return;
        }

        FftStage[] stages = _plan.Stages;
        int n = Length;
        if (stages.Length == 0)
        {
            inputReal[..n].CopyTo(outputReal);
            inputImag[..n].CopyTo(outputImag);
            return;
        }

        ReadOnlySpan<float> sourceReal = inputReal[..n];
        ReadOnlySpan<float> sourceImag = inputImag[..n];
        if (stages.Length == 1 && (sourceReal.Overlaps(outputReal) || sourceImag.Overlaps(outputImag) || sourceReal.Overlaps(outputImag) || sourceImag.Overlaps(outputReal)))
        {
            // A single pass cannot run in place; every longer chain only reads the input in its first pass.
            sourceReal.CopyTo(_scratchReal);
            sourceImag.CopyTo(_scratchImag);
            sourceReal = _scratchReal.AsSpan(0, n);
            sourceImag = _scratchImag.AsSpan(0, n);
        }

        for (int i = 0; i < stages.Length; i++)
        {
            Span<float> targetReal, targetImag;
            if (i == stages.Length - 1)
            {
                targetReal = outputReal;
                targetImag = outputImag;
            }
            else if (i % 2 == 0)
            {
                targetReal = _scratchReal.AsSpan(0, n);
                targetImag = _scratchImag.AsSpan(0, n);
            }
            else
            {
                targetReal = _otherReal.AsSpan(0, n);
                targetImag = _otherImag.AsSpan(0, n);
            }

            FftStage stage = stages[i];
            if (stage.Butterflies is { } butterflies && FirstPassTranspose.IsSupported && i == 0 && stages.Length > 1)
            {
                // The first pass writes _scratch, so _other is free to hold the butterfly rows.
                Span<float> rowsReal = _otherReal.AsSpan(0, n);
                Span<float> rowsImag = _otherImag.AsSpan(0, n);
                StockhamPass.Run(butterflies, sourceReal, sourceImag, rowsReal, rowsImag);
                FirstPassTranspose.Run(stage, rowsReal, rowsImag, targetReal, targetImag);
            }
            else
            {
                StockhamPass.Run(stage, sourceReal, sourceImag, targetReal, targetImag);
            }

            sourceReal = targetReal;
            sourceImag = targetImag;
        }
    }

    private void Convolve(BluesteinPlan plan, ReadOnlySpan<float> inputReal, ReadOnlySpan<float> inputImag, Span<float> outputReal, Span<float> outputImag)
    {
        int n = plan.Length;
        int m = plan.ConvolutionLength;
        Span<float> ar = _scratchReal.AsSpan(0, m);
        Span<float> ai = _scratchImag.AsSpan(0, m);
        float[] cr = plan.ChirpReal;
        float[] ci = plan.ChirpImag;
        for (int k = 0; k < n; k++)
        {
            float xr = inputReal[k], xi = inputImag[k];
            ar[k] = (xr * cr[k]) - (xi * ci[k]);
            ai[k] = (xr * ci[k]) + (xi * cr[k]);
        }

        ar[n..].Clear();
        ai[n..].Clear();
        _convolution!.Transform(ar, ai, ar, ai);
        float[] kr = plan.KernelSpectrumReal;
        float[] ki = plan.KernelSpectrumImag;
        for (int k = 0; k < m; k++)
        {
            float xr = ar[k], xi = ai[k];
            ar[k] = (xr * kr[k]) - (xi * ki[k]);
            ai[k] = (xr * ki[k]) + (xi * kr[k]);
        }

        _convolution.InverseUnscaled(ar, ai, ar, ai);
        for (int k = 0; k < n; k++)
        {
            float xr = ar[k], xi = ai[k];
            outputReal[k] = (xr * cr[k]) - (xi * ci[k]);
            outputImag[k] = (xr * ci[k]) + (xi * cr[k]);
        }
    }

    private static void Scale(Span<float> values, float scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }
    }

    private void CheckLengths(int inputReal, int inputImag, int outputReal, int outputImag)
    {
        int n = Length;
        if (inputReal != n || inputImag != n || outputReal != n || outputImag != n)
        {
            throw new ArgumentException(
                $"This ComplexFft was created for {n} points, but got spans of {inputReal} and {inputImag} (input real/imaginary) and " +
                $"{outputReal} and {outputImag} (output real/imaginary); pass exactly {n} values in each.");
        }
    }
}
