using System.Collections.Concurrent;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Dsp.Spectrogram.Phase;

namespace RiffusionVst.Engine.Service.Rendering;

/// <summary>
/// <see cref="LoopRenderer"/> for the service: reads the image, renders the loop, and copies a mono loop to both
/// channels when stereo is asked for. Renderers are not thread-safe, so each call borrows one from a pool.
/// </summary>
public sealed class PooledLoopRenderer : ILoopAudioRenderer
{
    private readonly ConcurrentBag<LoopRenderer> _idle = [];
    private readonly PhaseReconstructionOptions? _phase;

    /// <summary>A renderer with the engine's default phase reconstruction, or <paramref name="phase"/>.</summary>
    public PooledLoopRenderer(PhaseReconstructionOptions? phase = null)
    {
        _phase = phase;
    }

    /// <inheritdoc/>
    public AudioClip Render(RgbImage image, LoopSpec loop, int channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(loop);
        if (channels is < 1 or > 2)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A loop has 1 (mono) or 2 (stereo) channels.");
        LoopRenderer renderer = _idle.TryTake(out var idle) ? idle : new LoopRenderer(phase: _phase);
        try
        {
            MelSpectrogram[] mel = SpectrogramImageCodec.FromImage(image, renderer.Parameters);
            AudioClip clip = renderer.RenderLoop(mel, loop, cancellationToken);
            return clip.ChannelCount == channels ? clip
                : channels == 1 ? clip.MixToMono()
                : new AudioClip(clip.SampleRate, clip.Channels[0], (float[])clip.Channels[0].Clone());
        }
        finally
        {
            _idle.Add(renderer);
        }
    }
}
