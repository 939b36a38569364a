namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>How <see cref="WavFile"/> writes a clip.</summary>
public sealed record WavWriteOptions
{
    /// <summary>Sample encoding; 32-bit float keeps the samples bit-exact.</summary>
    public WavSampleFormat Format { get; init; } = WavSampleFormat.Float32;

    /// <summary>Tempo and loop to write as acid and smpl chunks; null writes neither.</summary>
    public WavMetadata? Metadata { get; init; }

    /// <summary>Seed of the triangular (TPDF, ±1 LSB) dither added before PCM quantisation; null (the default) adds none.</summary>
    public int? DitherSeed { get; init; }
}
