using System.Diagnostics;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Service.Clips;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>
/// The second stage, as a function: an image and a client's settings in, a <see cref="RenderedLoop"/> out. Steps: fit the
/// image to the tempo and rate and reconstruct the audio; check its length; write the clip files; encode the PNG when asked.
/// It knows no ticket state and no clients: <see cref="JobScheduler"/> decides when it runs (several at once, beside the
/// generator, so reconstruction of one loop overlaps diffusion of the next) and what happens to what it returns.
/// </summary>
internal sealed class LoopDelivery(ILoopAudioRenderer renderer, ClipLibrary? clips, GeneratorInfo generator, string engineVersion)
{
    /// <summary>
    /// Renders <paramref name="order"/>. Reports <see cref="ProgressStage.Reconstructing"/> and then
    /// <see cref="ProgressStage.Finishing"/>; stops with <see cref="OperationCanceledException"/> while reconstructing once
    /// <paramref name="cancellationToken"/> fires, never after: a clip that has started is written whole.
    /// </summary>
    public RenderedLoop Render(DeliveryOrder order, GenerationProgress? progress, CancellationToken cancellationToken)
    {
        var settings = order.Settings;
        var generation = order.Generation;
        var loop = new LoopSpec(settings.Bpm, generation.Request.Bars, generation.Request.BeatsPerBar, settings.SampleRate);
        progress?.Invoke(ProgressStage.Reconstructing, 0, 1);

        long started = Stopwatch.GetTimestamp();
        AudioClip audio = renderer.Render(generation.Image, loop, settings.Channels, cancellationToken);
        double reconstructionMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (audio.Length != loop.LengthSamples || audio.ChannelCount != settings.Channels || audio.SampleRate != loop.SampleRate)
            throw new InvalidOperationException(
                $"The renderer made {audio.ChannelCount}×{audio.Length} samples at {audio.SampleRate} Hz; {settings.Channels}×{loop.LengthSamples} at {loop.SampleRate} Hz were needed.");
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Invoke(ProgressStage.Finishing, 0, 1);

        var timings = new RenderTimings
        {
            QueuedMs = order.QueuedMs,
            DiffusionMs = order.DiffusionTime.TotalMilliseconds,
            DecodeMs = order.DecodeTime.TotalMilliseconds,
            ReconstructionMs = reconstructionMs,
        };

        // From here on nothing is cancelled. The sidecar records the total up to the clip; the loop, the total after it.
        timings.TotalMs = Stopwatch.GetElapsedTime(order.Arrived).TotalMilliseconds;
        var (clipPath, clipProblem) = WriteClip(order, audio, timings);
        byte[]? png = settings.IncludePng ? PngFile.Encode(generation.Image, SpectrogramParameters.Riffusion) : null;
        timings.TotalMs = Stopwatch.GetElapsedTime(order.Arrived).TotalMilliseconds;
        return new RenderedLoop(loop, audio, clipPath, clipProblem, png, timings);
    }

    private (string? Path, string? Problem) WriteClip(DeliveryOrder order, AudioClip audio, RenderTimings timings)
    {
        if (clips is null)
            return (null, null);
        try
        {
            var info = new ClipInfo
            {
                EngineVersion = engineVersion,
                Model = generator.ModelName,
                ModelId = generator.ModelId,
                Device = generator.Device,
                GenerationKey = order.Generation.Key,
                Generation = order.Generation.Request,
                Bpm = order.Settings.Bpm,
                SampleRate = audio.SampleRate,
                Channels = audio.ChannelCount,
                LengthSamples = audio.Length,
                Timings = timings,
            };
            return (clips.Write(audio, order.Generation.Image, info).WavPath, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The loop still goes out; only the drag-and-drop file is missing.
            return (null, $"could not write the clip to '{clips.Folder}': {e.Message}");
        }
    }
}
