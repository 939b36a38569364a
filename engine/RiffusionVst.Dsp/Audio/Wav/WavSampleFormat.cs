namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>Sample encodings of a WAV file.</summary>
public enum WavSampleFormat
{
    /// <summary>8-bit unsigned PCM (read only in practice; written for completeness).</summary>
    Pcm8,

    /// <summary>16-bit signed PCM.</summary>
    Pcm16,

    /// <summary>24-bit signed PCM.</summary>
    Pcm24,

    /// <summary>32-bit signed PCM.</summary>
    Pcm32,

    /// <summary>32-bit IEEE float.</summary>
    Float32,

    /// <summary>64-bit IEEE float (read only; converted to single precision).</summary>
    Float64,
}
