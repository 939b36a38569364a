using System.Threading.Channels;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>
/// The real no-diffusion generator behind a gate the test opens, so a test decides when each job may finish and can
/// see which jobs started, in which order, and whether their cancellation reached them.
/// </summary>
internal sealed class GatedGenerator : IImageGenerator
{
    private readonly IImageGenerator _inner = new SeedPatternImageGenerator();
    private readonly Channel<GatedRun> _started = Channel.CreateUnbounded<GatedRun>();

    public GeneratorInfo Info => _inner.Info;

    public List<GatedRun> Runs { get; } = [];

    public async Task<GatedRun> NextStartAsync() => await _started.Reader.ReadAsync().AsTask().WaitAsync(TestEngine.Patience);

    public bool HasPendingStart => _started.Reader.Count > 0;

    public GeneratedImage Generate(ImageRequest request, GenerationProgress? progress, CancellationToken cancellationToken)
    {
        var run = new GatedRun(request, cancellationToken);
        lock (Runs)
            Runs.Add(run);
        _started.Writer.TryWrite(run);
        try
        {
            run.Gate.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            run.SawCancellation.TrySetResult();
            throw;
        }

        for (int step = 1; step <= request.Steps; step++)
            progress?.Invoke(ProgressStage.Diffusing, step, request.Steps);
        return _inner.Generate(request, progress, cancellationToken);
    }
}

/// <summary>One generator run held at its gate.</summary>
internal sealed class GatedRun(ImageRequest request, CancellationToken token)
{
    public ImageRequest Request { get; } = request;

    public CancellationToken Token { get; } = token;

    public ManualResetEventSlim Gate { get; } = new();

    public TaskCompletionSource SawCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Gate.Set();
}
