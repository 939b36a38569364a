namespace RiffusionVst.Dsp.Spectrogram;

/// <summary>The spectrogram settings Riffusion was trained on; every image ↔ audio conversion is defined by one of these.</summary>
public sealed record SpectrogramParameters
{
    /// <summary>Audio sample rate of the spectrogram domain, in Hz.</summary>
    public int SampleRate { get; init; } = 44_100;

    /// <summary>Whether images carry two channels (left in green, right in blue).</summary>
    public bool Stereo { get; init; }

    /// <summary>Hop between frames in milliseconds (one image column per hop).</summary>
    public double StepMs { get; init; } = 10;

    /// <summary>Length of the Hann window in milliseconds.</summary>
    public double WindowMs { get; init; } = 100;

    /// <summary>Length of the zero-padded FFT frame in milliseconds.</summary>
    public double PaddedMs { get; init; } = 400;

    /// <summary>Number of mel bands, which is also the image height.</summary>
    public int MelBands { get; init; } = 512;

    /// <summary>Lowest mel band edge in Hz.</summary>
    public double MinFrequency { get; init; }

    /// <summary>Highest mel band edge in Hz.</summary>
    public double MaxFrequency { get; init; } = 10_000;

    /// <summary>Exponent between amplitude and image intensity.</summary>
    public double PowerForImage { get; init; } = 0.25;

    /// <summary>Amplitude given to a black pixel when an image is turned back into amplitudes.</summary>
    public double MaxValue { get; init; } = 30e6;

    /// <summary>Hop in samples (441 at the defaults).</summary>
    public int HopLength => (int)Math.Round(SampleRate * StepMs / 1000.0);

    /// <summary>Window length in samples (4 410 at the defaults).</summary>
    public int WindowLength => (int)Math.Round(SampleRate * WindowMs / 1000.0);

    /// <summary>FFT length in samples (17 640 at the defaults).</summary>
    public int FftLength => (int)Math.Round(SampleRate * PaddedMs / 1000.0);

    /// <summary>Number of one-sided frequency bins (8 821 at the defaults).</summary>
    public int BinCount => FftLength / 2 + 1;

    /// <summary>Riffusion's defaults.</summary>
    public static SpectrogramParameters Riffusion { get; } = new();
}
