using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Service.Rendering;

/// <summary>The seam between the service and the image-to-audio step: a native-grid spectrogram image becomes an exact loop.</summary>
public interface ILoopAudioRenderer
{
    /// <summary>
    /// The loop of <paramref name="image"/> fitted to <paramref name="loop"/>: every channel exactly
    /// <see cref="LoopSpec.LengthSamples"/> long at <see cref="LoopSpec.SampleRate"/>. May be called from several threads.
    /// </summary>
    AudioClip Render(RgbImage image, LoopSpec loop, int channels, CancellationToken cancellationToken);
}
