using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>The real renderer, held at a gate (that ignores cancellation) until the test opens it.</summary>
internal sealed class GatedRenderer(ILoopAudioRenderer inner) : ILoopAudioRenderer
{
    public ManualResetEventSlim Gate { get; } = new();

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AudioClip Render(RgbImage image, LoopSpec loop, int channels, CancellationToken cancellationToken)
    {
        Entered.TrySetResult();
        Gate.Wait(TestEngine.Patience);
        return inner.Render(image, loop, channels, cancellationToken);
    }
}
