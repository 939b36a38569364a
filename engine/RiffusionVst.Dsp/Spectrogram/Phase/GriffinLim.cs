namespace RiffusionVst.Dsp.Spectrogram.Phase;

/// <summary>Fast Griffin-Lim phase reconstruction with torchaudio's update rule, parallel across frames, linear or periodic.</summary>
/// <remarks>
/// As torchaudio.functional.griffinlim: x = istft(S·A); R = stft(x); A = R − α/(1+α)·R_prev; A = A/(|A| + 1e-16); R_prev = R;
/// after the last iteration the result is istft(S·A). Each iteration's forward transform, phase update and inverse
/// transform run per frame on the frame's own thread with buffers made once per call; only the overlap-add joins the
/// threads. Bins above the highest non-zero target magnitude stay zero (S is zero there, so the result is unchanged).
/// An instance keeps its buffers between calls (no reallocation for same-sized inputs) and is not thread-safe.
/// </remarks>
public sealed class GriffinLim
{
    private readonly Stft _stft;
    private readonly BufferPool _buffers = new();
    private Worker[]? _workers;

    /// <summary>Prepares reconstruction for <paramref name="parameters"/>.</summary>
    public GriffinLim(SpectrogramParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _stft = new Stft(parameters, 1);
        Pghi = new PhaseGradientHeapIntegration(parameters);
    }

    /// <summary>The PGHI estimator used for <see cref="PhaseInit.Pghi"/> starts.</summary>
    public PhaseGradientHeapIntegration Pghi { get; }

    /// <summary>Audio whose STFT magnitudes approximate <paramref name="magnitudes"/>: hop·(frames − 1) samples, or hop·frames when periodic.</summary>
    public float[] Reconstruct(MagnitudeSpectrogram magnitudes, PhaseReconstructionOptions? options = null) =>
        Reconstruct(magnitudes, options, null, null);

    /// <summary>As <see cref="Reconstruct(MagnitudeSpectrogram, PhaseReconstructionOptions?)"/>, and when
    /// <see cref="PhaseReconstructionOptions.RefitMel"/> is set, each iteration's magnitudes are refitted to
    /// <paramref name="melTarget"/> under <paramref name="bank"/> instead of being held at <paramref name="magnitudes"/>.</summary>
    /// <remarks>The refit keeps the spectral shape of the rebuilt (consistent) spectrum and rescales it so its mel bands
    /// match the target: every bin gets the weighted mean of target/rebuilt ratios of the bands covering it. The target
    /// set is then "spectra with the right mel", which is what the image specifies, rather than one particular inverse.</remarks>
    public float[] Reconstruct(MagnitudeSpectrogram magnitudes, PhaseReconstructionOptions? options, MelSpectrogram? melTarget, MelFilterBank? bank)
    {
        ArgumentNullException.ThrowIfNull(magnitudes);
        options ??= PhaseReconstructionOptions.Default;
        options.Validate();
        var framing = _stft.Framing;
        int bins = _stft.Parameters.BinCount;
        if (magnitudes.Bins != bins)
        {
            throw new ArgumentException($"The spectrogram has {magnitudes.Bins} bins but these parameters need {bins}.", nameof(magnitudes));
        }

        int frames = magnitudes.Frames;
        bool periodic = options.Periodic;
        if (frames == 0 || (!periodic && frames < 2))
        {
            return new float[_stft.SampleCount(frames, periodic)];
        }

        int active = ActiveBins(magnitudes);
        int length = _stft.SampleCount(frames, periodic);
        if (active == 0)
        {
            return new float[length];
        }

        float[]? phase = options.Init == PhaseInit.Pghi ? Pghi.Estimate(magnitudes, periodic, options.PghiTolerance, options.Seed, options.Threads, active) : null;
        var state = new State(magnitudes, active, framing.WindowLength, _buffers);
        if (options.RefitMel && melTarget is not null && bank is not null)
        {
            if (melTarget.Frames != frames || melTarget.Bands != bank.Bands || bank.Bins != bins)
            {
                throw new ArgumentException($"The mel target ({melTarget.Bands}×{melTarget.Frames}) must match the bank ({bank.Bands} bands) and the spectrogram ({frames} frames).", nameof(melTarget));
            }

            state.UseMel(melTarget, bank);
        }

        int bands = bank?.Bands ?? 0;
        if (_workers is null || _workers.Length != FftWorker.ResolveThreads(options.Threads) || _workers[0].MelScratch.Length != bands)
        {
            _workers = CreateWorkers(framing.FftLength, bins, options.Threads, bands);
        }

        var workers = _workers;
        float beta = (float)(options.Momentum / (1 + options.Momentum));
        float[] inverseEnvelope = framing.InverseEnvelope(frames, periodic, length);
        var signal = new float[length];
        int threads = workers.Length;

        RunFrames(workers, frames, (w, t) =>
        {
            InitialSpectrum(state, t, options.Init, options.Seed, phase, w);
            InverseToSegment(state, t, w);
        });

        // Delegates made once, so the iterations themselves allocate nothing.
        Action<int, int> overlapAdd = (from, to) => framing.OverlapAdd(state.Segments, frames, periodic, signal, inverseEnvelope, from, to);
        Action<Worker, int> iterateFrame = (w, t) =>
        {
            framing.ReadWindowed(signal, t, periodic, w.Fft.Frame);
            w.Fft.Fft.Forward(w.Fft.Frame, w.Fft.Real, w.Fft.Imag);
            UpdatePhase(state, t, beta, w);
            InverseToSegment(state, t, w);
        };
        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            FftWorker.ForEachRange(threads, length, overlapAdd);
            RunFrames(workers, frames, iterateFrame);
        }

        FftWorker.ForEachRange(threads, length, overlapAdd);
        return signal;
    }

    /// <summary>One past the highest bin where any frame has a non-zero magnitude.</summary>
    internal static int ActiveBins(MagnitudeSpectrogram magnitudes)
    {
        int active = 0;
        for (int t = 0; t < magnitudes.Frames; t++)
        {
            ReadOnlySpan<float> column = magnitudes.Frame(t);
            for (int k = column.Length - 1; k >= active; k--)
            {
                if (!float.IsFinite(column[k]) || column[k] < 0)
                {
                    throw new ArgumentException($"Magnitudes must be finite and non-negative; found {column[k]} at frame {t}, bin {k}.", nameof(magnitudes));
                }

                if (column[k] > 0)
                {
                    active = k + 1;
                    break;
                }
            }
        }

        return active;
    }

    private static void InitialSpectrum(State state, int t, PhaseInit init, int seed, float[]? phase, Worker w)
    {
        int k0 = t * state.Active;
        for (int k = 0; k < state.Active; k++)
        {
            float s = state.Target[k0 + k];
            switch (init)
            {
                case PhaseInit.Random:
                    // torch.rand with a complex dtype: real and imaginary parts each uniform in [0, 1), not unit length.
                    w.SpecReal[k] = s * SeededNoise.Uniform(seed, 0, 2L * (k0 + k));
                    w.SpecImag[k] = s * SeededNoise.Uniform(seed, 0, 2L * (k0 + k) + 1);
                    break;
                case PhaseInit.Zero:
                    w.SpecReal[k] = s;
                    w.SpecImag[k] = 0;
                    break;
                default:
                    float p = phase![(long)t * state.Active + k];
                    w.SpecReal[k] = s * MathF.Cos(p);
                    w.SpecImag[k] = s * MathF.Sin(p);
                    break;
            }
        }
    }

    private static void UpdatePhase(State state, int t, float beta, Worker w)
    {
        if (state.Mel is not null)
        {
            RefitTarget(state, t, w);
        }

        int k0 = t * state.Active;
        float[] re = w.Fft.Real, im = w.Fft.Imag, pr = state.PreviousReal, pi = state.PreviousImag, target = state.Target;
        for (int k = 0; k < state.Active; k++)
        {
            float rr = re[k], ri = im[k];
            float ar = rr - beta * pr[k0 + k];
            float ai = ri - beta * pi[k0 + k];
            pr[k0 + k] = rr;
            pi[k0 + k] = ri;
            float scale = target[k0 + k] / (MathF.Sqrt(ar * ar + ai * ai) + 1e-16f);
            w.SpecReal[k] = ar * scale;
            w.SpecImag[k] = ai * scale;
        }
    }

    /// <summary>Rescales the rebuilt magnitudes of frame t so their mel bands match the target, writing them as the frame's target.</summary>
    private static void RefitTarget(State state, int t, Worker w)
    {
        var bank = state.Bank!;
        int active = state.Active;
        float[] re = w.Fft.Real, im = w.Fft.Imag, rebuilt = w.Magnitudes, ratio = w.MelScratch;
        for (int k = 0; k < active; k++)
        {
            rebuilt[k] = MathF.Sqrt(re[k] * re[k] + im[k] * im[k]);
        }

        bank.Project(rebuilt, ratio);
        ReadOnlySpan<float> target = state.Mel!.Frame(t);
        for (int b = 0; b < ratio.Length; b++)
        {
            float got = ratio[b];
            ratio[b] = target[b] == 0 ? 0 : (got > target[b] * 1e-6f ? target[b] / got : 1e6f);
        }

        bank.ProjectTransposed(ratio, w.Gain);
        Span<float> frameTarget = state.Target.AsSpan(t * active, active);
        float[] inverseColumnSum = state.InverseColumnSum!;
        for (int k = 0; k < active; k++)
        {
            frameTarget[k] = rebuilt[k] * w.Gain[k] * inverseColumnSum[k];
        }
    }

    private void InverseToSegment(State state, int t, Worker w)
    {
        w.Fft.Fft.Inverse(w.SpecReal, w.SpecImag, w.Fft.Output);
        int win = state.WindowLength;
        _stft.WindowSegment(w.Fft.Output, state.Segments.AsSpan(t * win, win));
    }

    private static void RunFrames(Worker[] workers, int frames, Action<Worker, int> body)
    {
        int parts = Math.Min(workers.Length, frames);
        if (parts <= 1)
        {
            for (int t = 0; t < frames; t++)
            {
                body(workers[0], t);
            }

            return;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            int from = (int)((long)frames * p / parts);
            int to = (int)((long)frames * (p + 1) / parts);
            for (int t = from; t < to; t++)
            {
                body(workers[p], t);
            }
        });
    }

    private static Worker[] CreateWorkers(int fftLength, int bins, int threads, int bands)
    {
        var pool = new Worker[FftWorker.ResolveThreads(threads)];
        for (int i = 0; i < pool.Length; i++)
        {
            pool[i] = new Worker(new FftWorker(fftLength), bins, bands);
        }

        return pool;
    }

    /// <summary>Per-thread FFT plus the spectrum handed to the inverse (zero above the active bins, never touched there).</summary>
    private sealed class Worker(FftWorker fft, int bins, int bands)
    {
        public FftWorker Fft { get; } = fft;

        public float[] Magnitudes { get; } = new float[bins];

        public float[] Gain { get; } = new float[bins];

        public float[] MelScratch { get; } = new float[bands];

        public float[] SpecReal { get; } = new float[bins];

        public float[] SpecImag { get; } = new float[bins];
    }

    /// <summary>Everything one reconstruction keeps across iterations, allocated once.</summary>
    private sealed class State
    {
        private readonly BufferPool _pool;

        public State(MagnitudeSpectrogram magnitudes, int active, int windowLength, BufferPool pool)
        {
            _pool = pool;
            Active = active;
            WindowLength = windowLength;
            int frames = magnitudes.Frames;
            Target = pool.Get(0, frames * active, clear: false);
            for (int t = 0; t < frames; t++)
            {
                magnitudes.Frame(t)[..active].CopyTo(Target.AsSpan(t * active, active));
            }

            PreviousReal = pool.Get(1, frames * active, clear: true);
            PreviousImag = pool.Get(2, frames * active, clear: true);
            Segments = pool.Get(3, frames * windowLength, clear: false);
        }

        public int Active { get; private set; }

        public MelSpectrogram? Mel { get; private set; }

        public MelFilterBank? Bank { get; private set; }

        /// <summary>1 / Σ_b M[b, k] per bin (0 where no band covers the bin).</summary>
        public float[]? InverseColumnSum { get; private set; }

        public int WindowLength { get; }

        /// <summary>Target magnitudes of the active bins, frame-major.</summary>
        public float[] Target { get; private set; }

        /// <summary>Switches to mel refitting: the active range becomes the mel bank's bins.</summary>
        public void UseMel(MelSpectrogram mel, MelFilterBank bank)
        {
            Mel = mel;
            Bank = bank;
            int frames = mel.Frames;
            int used = Math.Max(bank.UsedBins, Active);
            if (used != Active)
            {
                var target = _pool.Get(4, frames * used, clear: true);
                for (int t = 0; t < frames; t++)
                {
                    Target.AsSpan(t * Active, Active).CopyTo(target.AsSpan(t * used));
                }

                Target = target;
                Active = used;
                PreviousReal = _pool.Get(1, frames * used, clear: true);
                PreviousImag = _pool.Get(2, frames * used, clear: true);
            }

            var ones = new float[bank.Bands];
            Array.Fill(ones, 1f);
            var sums = new float[bank.Bins];
            bank.ProjectTransposed(ones, sums);
            InverseColumnSum = new float[used];
            for (int k = 0; k < used; k++)
            {
                InverseColumnSum[k] = sums[k] > 1e-6f ? 1f / sums[k] : 0f;
            }
        }

        /// <summary>The previous iteration's rebuilt spectrum (torchaudio's tprev), zero before the first.</summary>
        public float[] PreviousReal { get; private set; }

        /// <summary>Imaginary part of <see cref="PreviousReal"/>.</summary>
        public float[] PreviousImag { get; private set; }

        /// <summary>Windowed inverse-FFT output of every frame, WindowLength samples each.</summary>
        public float[] Segments { get; }
    }

    /// <summary>Numbered float arrays kept between reconstructions; a slot grows when a larger input arrives.</summary>
    private sealed class BufferPool
    {
        private readonly float[][] _slots = [[], [], [], [], []];

        public float[] Get(int slot, int length, bool clear)
        {
            if (_slots[slot].Length < length)
            {
                _slots[slot] = new float[length];
            }
            else if (clear)
            {
                Array.Clear(_slots[slot], 0, length);
            }

            return _slots[slot];
        }
    }
}
