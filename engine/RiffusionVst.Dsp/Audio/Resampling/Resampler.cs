using System.Numerics;
using System.Runtime.InteropServices;

namespace RiffusionVst.Dsp.Audio.Resampling;

/// <summary>Windowed-sinc (Kaiser) resampler from exactly M input samples to exactly L output samples.</summary>
/// <remarks>
/// Output sample n sits at input position n·M/L, tracked as an exact fraction so nothing drifts. The low-pass cutoff is
/// min(1, L/M)·Nyquist of the input (−6 dB point); the Kaiser window (β for 100 dB) gives ≥ 90 dB stopband beyond a
/// transition band of about ±(92 / (2.285·taps)) rad/sample around it, i.e. ±6 % of the cutoff with the default 48 zero
/// crossings a side. Each phase's kernel is normalised to sum 1, so DC passes with gain 1. When the reduced ratio has at
/// most 4 096 phases (e.g. 225 792 → 192 000 has 125) every phase gets its own exact row of taps; otherwise a table of
/// 1 024 phases is interpolated linearly (kernel error below −110 dB; the table stays cache-sized). Reusable and thread-safe: the tables are read-only after
/// construction; each call allocates one padded copy of the input and nothing per sample.
/// </remarks>
public sealed class Resampler
{
    private const int MaxExactPhases = 4096;
    private const int InterpolatedPhases = 1024;

    private readonly float[] _table;
    private readonly int _rows;
    private readonly bool _exact;
    private readonly int _stride;
    private readonly int _half;
    private readonly long _step;
    private readonly long _denominator;

    /// <summary>Prepares a resampler from <paramref name="inputLength"/> to <paramref name="outputLength"/> samples.</summary>
    /// <param name="inputLength">M, the number of input samples (one period in periodic mode).</param>
    /// <param name="outputLength">L, the exact number of output samples.</param>
    /// <param name="zeroCrossings">Zero crossings of the sinc on each side at the cutoff; more gives a narrower transition band.</param>
    /// <param name="stopbandDb">Target stopband attenuation that sets the Kaiser β.</param>
    public Resampler(int inputLength, int outputLength, int zeroCrossings = 48, double stopbandDb = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(zeroCrossings, 2);
        InputLength = inputLength;
        OutputLength = outputLength;

        long g = Gcd(inputLength, outputLength);
        _step = inputLength / g;
        _denominator = outputLength / g;

        double scale = Math.Min(1.0, (double)outputLength / inputLength);
        double halfWidth = zeroCrossings / scale;
        _half = (int)Math.Ceiling(halfWidth);
        int taps = 2 * _half;
        int lanes = Vector<float>.Count;
        _stride = (taps + lanes - 1) / lanes * lanes;

        _exact = _denominator <= MaxExactPhases;
        _rows = _exact ? (int)_denominator : InterpolatedPhases + 1;
        _table = new float[checked(_rows * _stride)];
        double beta = KaiserWindow.BetaForAttenuation(stopbandDb);
        var row = new double[taps];
        for (int r = 0; r < _rows; r++)
        {
            double fraction = _exact ? (double)r / _denominator : (double)r / InterpolatedPhases;
            double sum = 0;
            for (int j = 0; j < taps; j++)
            {
                // Tap j multiplies input sample i0 − half + 1 + j; u is its distance from the output position i0 + fraction.
                double u = j - _half + 1 - fraction;
                double x = scale * u;
                double sinc = Math.Abs(x) < 1e-12 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
                double h = scale * sinc * KaiserWindow.Value(u / halfWidth, beta);
                row[j] = h;
                sum += h;
            }

            for (int j = 0; j < taps; j++)
            {
                _table[r * _stride + j] = (float)(row[j] / sum);
            }
        }
    }

    /// <summary>M, the input length this resampler was built for.</summary>
    public int InputLength { get; }

    /// <summary>L, the output length this resampler produces.</summary>
    public int OutputLength { get; }

    /// <summary>Resamples one channel of exactly <see cref="InputLength"/> samples into <see cref="OutputLength"/> samples.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output, ResampleMode mode)
    {
        if (input.Length != InputLength)
        {
            throw new ArgumentException($"This resampler was built for {InputLength} input samples, got {input.Length}.", nameof(input));
        }

        if (output.Length != OutputLength)
        {
            throw new ArgumentException($"This resampler produces {OutputLength} samples, the output span holds {output.Length}.", nameof(output));
        }

        // Padded copy: `_half` samples before, the taps' reach plus SIMD slack after; wrapped (periodic) or zero (clip).
        int before = _half;
        int padded = before + InputLength + _stride + 1;
        var ext = new float[padded];
        if (mode == ResampleMode.Periodic)
        {
            // Whole copies of the period, starting at the phase that lands input[0] at index `before`.
            int k = 0;
            int from = (int)Mod(-before, InputLength);
            while (k < padded)
            {
                int count = Math.Min(InputLength - from, padded - k);
                input.Slice(from, count).CopyTo(ext.AsSpan(k));
                k += count;
                from = 0;
            }
        }
        else
        {
            input.CopyTo(ext.AsSpan(before));
        }

        ReadOnlySpan<float> extSpan = ext;
        ReadOnlySpan<float> table = _table;
        long whole = _step / _denominator;
        long part = _step % _denominator;
        long i0 = 0, phase = 0;
        for (int n = 0; n < output.Length; n++)
        {
            var window = extSpan.Slice((int)(i0 + before - _half + 1), _stride);
            if (_exact)
            {
                output[n] = Dot(window, table.Slice((int)phase * _stride, _stride));
            }
            else
            {
                double position = (double)phase * InterpolatedPhases / _denominator;
                int r = (int)position;
                float a = (float)(position - r);
                float y0 = Dot(window, table.Slice(r * _stride, _stride));
                float y1 = Dot(window, table.Slice((r + 1) * _stride, _stride));
                output[n] = y0 + a * (y1 - y0);
            }

            i0 += whole;
            phase += part;
            if (phase >= _denominator)
            {
                phase -= _denominator;
                i0++;
            }
        }
    }

    /// <summary>Resamples one channel and returns a new array of <see cref="OutputLength"/> samples.</summary>
    public float[] Process(ReadOnlySpan<float> input, ResampleMode mode)
    {
        var output = new float[OutputLength];
        Process(input, output, mode);
        return output;
    }

    /// <summary>Resamples one channel to exactly <paramref name="outputLength"/> samples.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int outputLength, ResampleMode mode = ResampleMode.Clip) =>
        new Resampler(input.Length, outputLength).Process(input, mode);

    /// <summary>Resamples every channel of a clip to exactly <paramref name="outputLength"/> samples, labelled with <paramref name="outputSampleRate"/>.</summary>
    public static AudioClip Resample(AudioClip clip, int outputLength, int outputSampleRate, ResampleMode mode = ResampleMode.Clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.Length == 0)
        {
            throw new ArgumentException("Cannot resample an empty clip.", nameof(clip));
        }

        var resampler = new Resampler(clip.Length, outputLength);
        var channels = clip.Channels.Select(c => resampler.Process(c, mode)).ToArray();
        return new AudioClip(outputSampleRate, channels);
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        // Two accumulators hide the latency of the fused multiply-adds.
        var acc0 = Vector<float>.Zero;
        var acc1 = Vector<float>.Zero;
        int i = 0;
        for (; i + 1 < va.Length; i += 2)
        {
            acc0 = Vector.FusedMultiplyAdd(va[i], vb[i], acc0);
            acc1 = Vector.FusedMultiplyAdd(va[i + 1], vb[i + 1], acc1);
        }

        if (i < va.Length)
        {
            acc0 = Vector.FusedMultiplyAdd(va[i], vb[i], acc0);
        }

        return Vector.Sum(acc0 + acc1);
    }

    private static long Mod(long a, long m)
    {
        long r = a % m;
        return r < 0 ? r + m : r;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
