namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>What a WAV file holds: the audio, the encoding it was stored in, and its loop/tempo metadata.</summary>
/// <param name="Clip">The samples as floats in [-1, 1].</param>
/// <param name="Format">The sample encoding of the file.</param>
/// <param name="Metadata">Tempo and loop from the acid and smpl chunks (all members null when the file has neither).</param>
public sealed record WavContents(AudioClip Clip, WavSampleFormat Format, WavMetadata Metadata);
