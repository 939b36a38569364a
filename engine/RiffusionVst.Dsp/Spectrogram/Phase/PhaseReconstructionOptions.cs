namespace RiffusionVst.Dsp.Spectrogram.Phase;

/// <summary>Settings of magnitude-to-audio phase reconstruction (start, Griffin-Lim iterations, framing, threads).</summary>
public sealed record PhaseReconstructionOptions
{
    /// <summary>Griffin-Lim iterations after the start (each one forward and one inverse STFT).</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Fast Griffin-Lim momentum α; the update subtracts α/(1+α) of the previous rebuilt spectrum, as torchaudio does.</summary>
    public double Momentum { get; init; } = 0.99;

    /// <summary>Starting phase.</summary>
    public PhaseInit Init { get; init; } = PhaseInit.Pghi;

    /// <summary>Seed of every random choice, so the same input and seed give the same samples.</summary>
    public int Seed { get; init; }

    /// <summary>Reconstruct one period of a loop (frames·hop samples, wrapping) instead of a linear clip of hop·(frames − 1) samples.</summary>
    public bool Periodic { get; init; }

    /// <summary>Threads across frames; 0 means one per processor.</summary>
    public int Threads { get; init; }

    /// <summary>PGHI skips coefficients quieter than this fraction of the loudest one (they get a random phase).</summary>
    public double PghiTolerance { get; init; } = 1e-4;

    /// <summary>When reconstructing from a mel spectrogram, refit each iteration's magnitudes to the mel target instead of
    /// holding them at one inverse-mel estimate (an extension; torchaudio's Griffin-Lim holds them).</summary>
    public bool RefitMel { get; init; } = true;

    /// <summary>Run the iterations on FFT frames of half the length (bins 2·sr/n_fft apart: every other bin of the full
    /// STFT, still twice the window length so nothing aliases); halves the FFT work. Needs an even FFT length at least
    /// twice the window length; SC is still measured on the full STFT.</summary>
    /// <remarks>Honoured by <see cref="SpectrogramConverter.MelToAudio"/>; <see cref="GriffinLim"/> itself always uses the
    /// FFT length of its parameters.</remarks>
    public bool HalfLengthFrames { get; init; } = true;

    /// <summary>The engine default: PGHI start, then 10 momentum Griffin-Lim iterations on half-length frames, refitting the mel.</summary>
    public static PhaseReconstructionOptions Default { get; } = new();

    /// <summary>Riffusion's own setting: 32 momentum Griffin-Lim iterations from torchaudio's random start.</summary>
    public static PhaseReconstructionOptions RiffusionGriffinLim { get; } = new() { Iterations = 32, Init = PhaseInit.Random, RefitMel = false, HalfLengthFrames = false };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Iterations);
        if (!double.IsFinite(Momentum) || Momentum < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be finite and ≥ 0 (0.99 is torchaudio's default; above 1 may diverge).");
        }

        if (!double.IsFinite(PghiTolerance) || PghiTolerance <= 0 || PghiTolerance >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PghiTolerance), PghiTolerance, "The PGHI tolerance is a fraction of the peak magnitude in (0, 1), e.g. 1e-4.");
        }

        if (!Enum.IsDefined(Init))
        {
            throw new ArgumentOutOfRangeException(nameof(Init), Init, "Unknown phase start.");
        }
    }
}
