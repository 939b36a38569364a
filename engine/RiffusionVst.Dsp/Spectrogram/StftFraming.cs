namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>Where each STFT frame reads and writes signal samples, and the Hann window, for one set of parameters.</summary>
/// <remarks>
/// torch.stft semantics: the window (torch.hann_window, periodic) is centred in the FFT frame, and with center=true frame t
/// is centred on sample t·hop. Only the window's support is ever read or written, so a frame touches the samples
/// <c>t·hop + SupportStart … + WindowLength − 1</c>; everything else in the FFT buffer stays zero.
/// Linear mode reflects indices that fall outside the signal (torch's reflect padding); periodic mode wraps them.
/// </remarks>
internal sealed class StftFraming
{
    public StftFraming(SpectrogramParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        FftLength = parameters.FftLength;
        WindowLength = parameters.WindowLength;
        Hop = parameters.HopLength;
        if (Hop <= 0 || WindowLength <= 0 || FftLength <= 0)
        {
            throw new ArgumentException("Hop, window and FFT lengths must all be positive; check the millisecond settings against the sample rate.", nameof(parameters));
        }

        if (WindowLength > FftLength)
        {
            throw new ArgumentException($"The window ({WindowLength} samples) must fit in the FFT frame ({FftLength} samples).", nameof(parameters));
        }

        if (WindowLength <= Hop)
        {
            throw new ArgumentException($"The window ({WindowLength} samples) must be longer than the hop ({Hop} samples), or some samples are never covered and cannot be inverted.", nameof(parameters));
        }

        WindowOffset = (FftLength - WindowLength) / 2;
        SupportStart = WindowOffset - FftLength / 2;
        Window = new float[WindowLength];
        for (int j = 0; j < WindowLength; j++)
        {
            // torch.hann_window(periodic=True): the period is the window length, so w[0] = 0 and w[L/2] = 1.
            Window[j] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * j / WindowLength));
        }
    }

    public int FftLength { get; }

    public int WindowLength { get; }

    public int Hop { get; }

    /// <summary>Index in the FFT buffer of the first window sample.</summary>
    public int WindowOffset { get; }

    /// <summary>Offset of the first window sample from the frame centre t·hop.</summary>
    public int SupportStart { get; }

    /// <summary>Periodic Hann window of <see cref="WindowLength"/> samples.</summary>
    public float[] Window { get; }

    /// <summary>Frames of a linear (non-looping) signal: 1 + ⌊N/hop⌋, as torch.stft with center=true.</summary>
    public int LinearFrameCount(int samples) => 1 + samples / Hop;

    /// <summary>Samples the linear inverse returns for <paramref name="frames"/> frames: hop·(frames − 1), as torch.istft without a length.</summary>
    public int LinearSampleCount(int frames) => Hop * Math.Max(frames - 1, 0);

    /// <summary>Writes the windowed samples of frame <paramref name="frame"/> into the window region of <paramref name="fftBuffer"/>.</summary>
    public void ReadWindowed(ReadOnlySpan<float> signal, int frame, bool periodic, Span<float> fftBuffer)
    {
        int n = signal.Length;
        int start = frame * Hop + SupportStart;
        Span<float> target = fftBuffer.Slice(WindowOffset, WindowLength);
        float[] w = Window;
        if (start >= 0 && start + WindowLength <= n)
        {
            ReadOnlySpan<float> source = signal.Slice(start, WindowLength);
            for (int j = 0; j < target.Length; j++)
            {
                target[j] = source[j] * w[j];
            }

            return;
        }

        for (int j = 0; j < target.Length; j++)
        {
            int i = periodic ? Wrap(start + j, n) : Reflect(start + j, n);
            target[j] = signal[i] * w[j];
        }
    }

    /// <summary>Overlap-adds frame segments (each WindowLength samples, already windowed) into <paramref name="output"/>, then
    /// multiplies by <paramref name="inverseEnvelope"/>; processes output samples [from, to) only so callers can split the work.</summary>
    public void OverlapAdd(ReadOnlySpan<float> segments, int frames, bool periodic, Span<float> output, ReadOnlySpan<float> inverseEnvelope, int from, int to)
    {
        output[from..to].Clear();
        int n = output.Length;
        for (int t = 0; t < frames; t++)
        {
            ReadOnlySpan<float> segment = segments.Slice(t * WindowLength, WindowLength);
            int baseStart = t * Hop + SupportStart;
            if (!periodic)
            {
                AddOverlap(segment, baseStart, output, from, to);
                continue;
            }

            // Copies of the segment shifted by whole periods; only those that meet [from, to) contribute.
            int mLow = FloorDiv(baseStart - to, n) + 1;
            int mHigh = CeilDiv(baseStart + WindowLength - from, n) - 1;
            for (int m = mLow; m <= mHigh; m++)
            {
                AddOverlap(segment, baseStart - m * n, output, from, to);
            }
        }

        for (int i = from; i < to; i++)
        {
            output[i] *= inverseEnvelope[i];
        }
    }

    /// <summary>1 / Σ w² at every output sample (0 where nothing covers it), the istft normalisation.</summary>
    public float[] InverseEnvelope(int frames, bool periodic, int outputLength)
    {
        var squares = new float[frames * WindowLength];
        for (int t = 0; t < frames; t++)
        {
            for (int j = 0; j < WindowLength; j++)
            {
                squares[t * WindowLength + j] = Window[j] * Window[j];
            }
        }

        var ones = new float[outputLength];
        Array.Fill(ones, 1f);
        var envelope = new float[outputLength];
        OverlapAdd(squares, frames, periodic, envelope, ones, 0, outputLength);
        for (int i = 0; i < outputLength; i++)
        {
            envelope[i] = envelope[i] > 1e-11f ? 1f / envelope[i] : 0f;
        }

        return envelope;
    }

    /// <summary>torch's reflect padding (mirror without repeating the edge sample), applied as often as needed.</summary>
    public static int Reflect(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        int period = 2 * (n - 1);
        i %= period;
        if (i < 0)
        {
            i += period;
        }

        return i < n ? i : period - i;
    }

    public static int Wrap(int i, int n)
    {
        i %= n;
        return i < 0 ? i + n : i;
    }

    private static void AddOverlap(ReadOnlySpan<float> segment, int segmentStart, Span<float> output, int from, int to)
    {
        int lo = Math.Max(segmentStart, from);
        int hi = Math.Min(segmentStart + segment.Length, to);
        if (lo >= hi)
        {
            return;
        }

        ReadOnlySpan<float> source = segment.Slice(lo - segmentStart, hi - lo);
        Span<float> target = output[lo..hi];
        for (int j = 0; j < source.Length; j++)
        {
            target[j] += source[j];
        }
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);

    private static int CeilDiv(int a, int b) => (int)Math.Ceiling((double)a / b);
}
