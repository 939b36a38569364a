using RiffusionVst.Dsp.Audio.Resampling;

namespace RiffusionVst.Dsp.Audio.Loudness;

/// <summary>The K-weighting pre-filter of ITU-R BS.1770 (a high shelf then a high-pass), designed for any sample rate.</summary>
/// <remarks>The standard lists coefficients for 48 kHz only; here both biquads come from their analogue prototypes
/// (shelf: 1 681.97 Hz, +4.0 dB, Q 0.7072; high-pass: 38.135 Hz, Q 0.5003) through the bilinear transform, which
/// reproduces the 48 kHz table.</remarks>
internal sealed class KWeightingFilter
{
    private readonly Biquad _shelf;
    private readonly Biquad _highPass;

    /// <summary>Designs both stages for a sample rate.</summary>
    public KWeightingFilter(int sampleRate)
    {
        const double shelfFrequency = 1681.974450955533;
        const double shelfGainDb = 3.999843853973347;
        const double shelfQ = 0.7071752369554196;
        double k = Math.Tan(Math.PI * shelfFrequency / sampleRate);
        double vh = Math.Pow(10, shelfGainDb / 20);
        double vb = Math.Pow(vh, 0.4996667741545416);
        double a0 = 1 + k / shelfQ + k * k;
        _shelf = new Biquad(
            (vh + vb * k / shelfQ + k * k) / a0,
            2 * (k * k - vh) / a0,
            (vh - vb * k / shelfQ + k * k) / a0,
            2 * (k * k - 1) / a0,
            (1 - k / shelfQ + k * k) / a0);

        const double highPassFrequency = 38.13547087602444;
        const double highPassQ = 0.5003270373238773;
        k = Math.Tan(Math.PI * highPassFrequency / sampleRate);
        a0 = 1 + k / highPassQ + k * k;
        _highPass = new Biquad(1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / highPassQ + k * k) / a0);
    }

    /// <summary>The shelf stage's coefficients (b0, b1, b2, a1, a2).</summary>
    public Biquad Shelf => _shelf;

    /// <summary>The high-pass stage's coefficients (b0, b1, b2, a1, a2).</summary>
    public Biquad HighPass => _highPass;

    /// <summary>Filters a signal; in periodic mode the filter first runs over whole periods (at least one second) so its state is the steady state of the loop.</summary>
    public double[] Apply(ReadOnlySpan<float> input, int sampleRate, bool periodic)
    {
        var output = new double[input.Length];
        double s1 = 0, s2 = 0, h1 = 0, h2 = 0;
        if (periodic && input.Length > 0)
        {
            int warm = 0;
            do
            {
                Run(input, null, ref s1, ref s2, ref h1, ref h2);
                warm += input.Length;
            }
            while (warm < sampleRate);
        }

        Run(input, output, ref s1, ref s2, ref h1, ref h2);
        return output;
    }

    private void Run(ReadOnlySpan<float> input, double[]? output, ref double s1, ref double s2, ref double h1, ref double h2)
    {
        var (b0, b1, b2, a1, a2) = _shelf;
        var (c0, c1, c2, d1, d2) = _highPass;
        for (int n = 0; n < input.Length; n++)
        {
            // Transposed direct form II for both stages.
            double x = input[n];
            double y = b0 * x + s1;
            s1 = b1 * x - a1 * y + s2;
            s2 = b2 * x - a2 * y;
            double z = c0 * y + h1;
            h1 = c1 * y - d1 * z + h2;
            h2 = c2 * y - d2 * z;
            if (output is not null)
            {
                output[n] = z;
            }
        }
    }

    /// <summary>Coefficients of one second-order section, normalised so a0 = 1.</summary>
    internal readonly record struct Biquad(double B0, double B1, double B2, double A1, double A2);
}
