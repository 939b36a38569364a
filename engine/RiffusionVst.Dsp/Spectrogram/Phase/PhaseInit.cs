namespace RiffusionVst.Dsp.Spectrogram.Phase;

/// <summary>How phase reconstruction chooses its starting phase.</summary>
public enum PhaseInit
{
    /// <summary>Phase-gradient heap integration from the magnitudes (a good, deterministic start).</summary>
    Pghi,

    /// <summary>torchaudio's random start: each coefficient times a complex number with real and imaginary parts uniform in [0, 1), seeded.</summary>
    Random,

    /// <summary>Zero phase everywhere (torchaudio's rand_init=False).</summary>
    Zero,
}
