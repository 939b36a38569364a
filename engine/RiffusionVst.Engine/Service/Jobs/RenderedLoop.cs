using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>What the delivery stage returns: the loop, where its clip went, its PNG when asked for, and every timing.</summary>
/// <param name="Loop">The loop's tempo, bars, beats per bar and rate.</param>
/// <param name="Audio">Exactly <see cref="LoopSpec.LengthSamples"/> samples per channel, at <see cref="LoopSpec.SampleRate"/>.</param>
/// <param name="ClipPath">The clip's WAV in the clip library, or null (no library, or the write failed).</param>
/// <param name="ClipProblem">Why the clip could not be written, or null; the loop goes out all the same.</param>
/// <param name="Png">The spectrogram as PNG bytes, or null when the settings did not ask for it.</param>
/// <param name="Timings">Queue, diffusion, decode, reconstruction and the total up to now, as the clip's sidecar records them.</param>
internal sealed record RenderedLoop(LoopSpec Loop, AudioClip Audio, string? ClipPath, string? ClipProblem, byte[]? Png, RenderTimings Timings);
