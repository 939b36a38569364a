namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>Input recorded from a bar line, ready to be sent to the engine as seed audio.</summary>
/// <param name="Left">Left channel samples.</param>
/// <param name="Right">Right channel samples.</param>
/// <param name="Bars">Bars recorded.</param>
/// <param name="BeatsPerBar">Beats per bar while recording.</param>
/// <param name="Bpm">Tempo while recording.</param>
/// <param name="SampleRate">Sample rate of the recording.</param>
public sealed record CapturedAudio(float[] Left, float[] Right, int Bars, int BeatsPerBar, double Bpm, double SampleRate);
