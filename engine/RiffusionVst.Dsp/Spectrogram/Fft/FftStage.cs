namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>One Stockham decimation-in-frequency pass: radix, strides and its twiddles (computed in double, stored as float).</summary>
/// <remarks>
/// The pass reads element <c>q + SubLength·t</c> of each of <see cref="Stride"/> interleaved sub-problems and writes
/// <c>Stride·(Radix·q + k)</c>, so the inner loop over the sub-problems runs over contiguous memory.
/// </remarks>
internal sealed class FftStage
{
    /// <summary>Builds the pass that splits sub-problems of length <c>radix·subLength</c> laid out <paramref name="stride"/> apart.</summary>
    public FftStage(int radix, int stride, int subLength)
    {
        Radix = radix;
        Stride = stride;
        SubLength = subLength;
        int span = radix * subLength;
        TwiddleReal = new float[subLength * (radix - 1)];
        TwiddleImag = new float[subLength * (radix - 1)];
        for (int q = 0; q < subLength; q++)
        {
            for (int k = 1; k < radix; k++)
            {
                // q·k reduced modulo span keeps the angle small, so float storage loses nothing extra.
                double angle = -2.0 * Math.PI * ((long)q * k % span) / span;
                TwiddleReal[q * (radix - 1) + k - 1] = (float)Math.Cos(angle);
                TwiddleImag[q * (radix - 1) + k - 1] = (float)Math.Sin(angle);
            }
        }

        if (stride == 1 && subLength >= FirstPassTranspose.Width)
        {
            // The first pass has no contiguous inner loop; it runs as butterflies over q (see FirstPassTranspose).
            Butterflies = new FftStage(radix, subLength, 1);
            RowTwiddleReal = new float[(radix - 1) * subLength];
            RowTwiddleImag = new float[(radix - 1) * subLength];
            for (int k = 1; k < radix; k++)
            {
                for (int q = 0; q < subLength; q++)
                {
                    RowTwiddleReal[(k - 1) * subLength + q] = TwiddleReal[q * (radix - 1) + k - 1];
                    RowTwiddleImag[(k - 1) * subLength + q] = TwiddleImag[q * (radix - 1) + k - 1];
                }
            }
        }

        if (radix is not (2 or 3 or 4 or 5 or 7))
        {
            int half = (radix - 1) / 2;
            Cosines = new float[half * half];
            Sines = new float[half * half];
            for (int t = 1; t <= half; t++)
            {
                for (int k = 1; k <= half; k++)
                {
                    double angle = 2.0 * Math.PI * (t * k % radix) / radix;
                    Cosines[(t - 1) * half + k - 1] = (float)Math.Cos(angle);
                    Sines[(t - 1) * half + k - 1] = (float)Math.Sin(angle);
                }
            }
        }
    }

    /// <summary>Butterfly size of this pass.</summary>
    public int Radix { get; }

    /// <summary>Number of interleaved sub-problems read by this pass (distance between their elements).</summary>
    public int Stride { get; }

    /// <summary>Length of each sub-problem after this pass.</summary>
    public int SubLength { get; }

    /// <summary>Real parts of the twiddles, index <c>q·(Radix−1) + k−1</c>.</summary>
    public float[] TwiddleReal { get; }

    /// <summary>Imaginary parts of the twiddles, index <c>q·(Radix−1) + k−1</c>.</summary>
    public float[] TwiddleImag { get; }

    /// <summary>
    /// For a first pass (stride 1) long enough for vectors: the same butterflies as a pass over <see cref="SubLength"/>
    /// interleaved problems of length <see cref="Radix"/>, without twiddles; null otherwise.
    /// </summary>
    public FftStage? Butterflies { get; }

    /// <summary>Twiddles of a first pass laid out by output row, index <c>(k−1)·SubLength + q</c>, so they load as vectors over q.</summary>
    public float[]? RowTwiddleReal { get; }

    /// <summary>Imaginary parts matching <see cref="RowTwiddleReal"/>.</summary>
    public float[]? RowTwiddleImag { get; }

    /// <summary>For the generic odd butterfly: cos(2π·t·k/Radix), index <c>(t−1)·h + k−1</c> with h = (Radix−1)/2; null for hand-written radices.</summary>
    public float[]? Cosines { get; }

    /// <summary>For the generic odd butterfly: sin(2π·t·k/Radix), same layout as <see cref="Cosines"/>.</summary>
    public float[]? Sines { get; }
}
