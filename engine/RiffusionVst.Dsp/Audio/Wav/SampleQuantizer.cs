namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>Turns float samples into signed integers of a given width: scale by 2^(bits−1), optional TPDF dither, round to nearest, clamp.</summary>
/// <remarks>The scale matches the reader (integer / 2^(bits−1)), so samples that already lie on the integer grid come back unchanged.</remarks>
internal static class SampleQuantizer
{
    /// <summary>The integer code of one sample; NaN becomes 0.</summary>
    public static int Quantize(float sample, int bits, Random? dither)
    {
        double scale = bits == 32 ? 2147483648.0 : 1 << (bits - 1);
        double x = sample * scale;
        if (dither is not null)
        {
            // Sum of two independent uniform values in [−0.5, 0.5): triangular over ±1 LSB.
            x += dither.NextDouble() - dither.NextDouble();
        }

        if (double.IsNaN(x))
        {
            return 0;
        }

        double rounded = Math.Round(x, MidpointRounding.ToEven);
        double max = scale - 1;
        double min = -scale;
        return (int)Math.Clamp(rounded, min, max);
    }
}
