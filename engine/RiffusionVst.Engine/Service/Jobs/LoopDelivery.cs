using System.Diagnostics;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Clips;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Logging;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>
/// The second stage: image → loop at the client's tempo and rate, clip files, LoopReady. Runs beside the generator
/// (up to a set number at once), so reconstruction of one loop overlaps diffusion of the next.
/// </summary>
internal sealed class LoopDelivery
{
    private readonly ILoopAudioRenderer _renderer;
    private readonly ClipLibrary? _clips;
    private readonly GeneratorInfo _generator;
    private readonly string _engineVersion;
    private readonly SemaphoreSlim _slots;
    private readonly ServiceCounters _counters;
    private readonly EngineLog _log;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _inFlight = [];

    public LoopDelivery(ILoopAudioRenderer renderer, ClipLibrary? clips, GeneratorInfo generator, string engineVersion, int maxConcurrent, ServiceCounters counters, EngineLog log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        _renderer = renderer;
        _clips = clips;
        _generator = generator;
        _engineVersion = engineVersion;
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        _counters = counters;
        _log = log;
    }

    public void Enqueue(RenderTicket ticket, CachedGeneration generation, JobScheduler scheduler)
    {
        Task task = Task.Run(() => DeliverAsync(ticket, generation, scheduler));
        lock (_gate)
            _inFlight.Add(task);
        task.ContinueWith(done =>
        {
            lock (_gate)
                _inFlight.Remove(done);
        }, TaskScheduler.Default);
    }

    /// <summary>Completes when every delivery under way has finished (clip files included).</summary>
    public Task DrainAsync()
    {
        lock (_gate)
            return Task.WhenAll([.. _inFlight]);
    }

    private async Task DeliverAsync(RenderTicket ticket, CachedGeneration generation, JobScheduler scheduler)
    {
        try
        {
            await _slots.WaitAsync(ticket.Cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (!scheduler.TryBeginReconstruction(ticket))
                return;
            Deliver(ticket, generation, scheduler);
        }
        catch (OperationCanceledException) when (ticket.Cancellation.IsCancellationRequested)
        {
            scheduler.Finish(ticket);
        }
        catch (Exception e)
        {
            _log.Error($"{ticket.Client.Name}: loop for request {ticket.RequestId} failed: {e}");
            if (scheduler.Finish(ticket))
            {
                ticket.Client.Post(ErrorMessage.Create(ErrorCode.RenderFailed,
                    $"Turning the image into a loop failed: {e.Message}. Try another tempo or fewer bars; if it keeps failing, report it with the engine log.",
                    ticket.RequestId));
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Deliver(RenderTicket ticket, CachedGeneration generation, JobScheduler scheduler)
    {
        var delivery = ticket.Delivery;
        var request = generation.Request;
        var loop = new LoopSpec(delivery.Bpm, request.Bars, request.BeatsPerBar, delivery.SampleRate);
        ticket.Client.PostProgress(new Progress { RequestId = ticket.RequestId, Stage = ProgressStage.Reconstructing, Step = 0, Total = 1, Alpha = ticket.Alpha });

        long started = Stopwatch.GetTimestamp();
        AudioClip audio = _renderer.Render(generation.Image, loop, delivery.Channels, ticket.Cancellation.Token);
        double reconstructionMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (audio.Length != loop.LengthSamples || audio.ChannelCount != delivery.Channels || audio.SampleRate != loop.SampleRate)
            throw new InvalidOperationException(
                $"The renderer made {audio.ChannelCount}×{audio.Length} samples at {audio.SampleRate} Hz; {delivery.Channels}×{loop.LengthSamples} at {loop.SampleRate} Hz were needed.");
        ticket.Cancellation.Token.ThrowIfCancellationRequested();
        ticket.Client.PostProgress(new Progress { RequestId = ticket.RequestId, Stage = ProgressStage.Finishing, Step = 0, Total = 1, Alpha = ticket.Alpha });

        var timings = new RenderTimings
        {
            QueuedMs = ticket.QueuedMs,
            DiffusionMs = ticket.DiffusionMs,
            DecodeMs = ticket.DecodeMs,
            ReconstructionMs = reconstructionMs,
        };

        // From here on nothing is cancelled: a clip that has started is written whole.
        timings.TotalMs = Stopwatch.GetElapsedTime(ticket.Arrived).TotalMilliseconds;
        string? clipPath = WriteClip(ticket, generation, audio, timings);
        timings.TotalMs = Stopwatch.GetElapsedTime(ticket.Arrived).TotalMilliseconds;
        var ready = new LoopReady
        {
            RequestId = ticket.RequestId,
            Alpha = ticket.Alpha,
            GenerationKey = generation.Key,
            Bpm = loop.Bpm,
            Bars = loop.Bars,
            BeatsPerBar = loop.BeatsPerBar,
            SampleRate = loop.SampleRate,
            Pcm = audio.Channels,
            ClipPath = clipPath,
            Png = delivery.IncludePng ? PngFile.Encode(generation.Image, SpectrogramParameters.Riffusion) : null,
            Timings = timings,
        };

        ticket.Client.RememberDelivery(generation.Key, delivery);
        if (!scheduler.Finish(ticket))
            return;
        ticket.Client.Post(ready);
        _counters.LoopDelivered();
        if (_log.IsEnabled(LogLevel.Info))
        {
            _log.Info($"{ticket.Client.Name}: request {ticket.RequestId} alpha {ticket.Alpha:0.###} ready, {loop.Bars} bars at {loop.Bpm:0.##} BPM, " +
                      $"{loop.SampleRate} Hz: queued {timings.QueuedMs:0} ms, diffusion {timings.DiffusionMs:0} ms, decode {timings.DecodeMs:0} ms, " +
                      $"reconstruction {timings.ReconstructionMs:0} ms, total {timings.TotalMs:0} ms{(ticket.IsRetime ? " (retime)" : "")}");
        }
    }

    private string? WriteClip(RenderTicket ticket, CachedGeneration generation, AudioClip audio, RenderTimings timings)
    {
        if (_clips is null)
            return null;
        try
        {
            var info = new ClipInfo
            {
                EngineVersion = _engineVersion,
                Model = _generator.ModelName,
                ModelId = _generator.ModelId,
                Device = _generator.Device,
                GenerationKey = generation.Key,
                Generation = generation.Request,
                Bpm = ticket.Delivery.Bpm,
                SampleRate = audio.SampleRate,
                Channels = audio.ChannelCount,
                LengthSamples = audio.Length,
                Timings = timings,
            };
            return _clips.Write(audio, generation.Image, info).WavPath;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The loop still goes out; only the drag-and-drop file is missing.
            _log.Warning($"could not write the clip for request {ticket.RequestId} to '{_clips.Folder}': {e.Message}");
            return null;
        }
    }
}
