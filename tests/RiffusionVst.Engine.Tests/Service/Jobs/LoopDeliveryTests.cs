using System.Diagnostics;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Clips;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Jobs;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service.Jobs;

/// <summary>The delivery stage as the function it is: an image and settings in, a loop out, with the real renderer and real clip files.</summary>
public sealed class LoopDeliveryTests : IDisposable
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "rvt-delivery-tests", Guid.NewGuid().ToString("N"));

    private static readonly GeneratorInfo Info = new SeedPatternImageGenerator().Info;

    private static DeliveryOrder Order(DeliverySettings settings)
    {
        var request = new ImageRequest { PromptA = new("lofi piano", 1, 0.75f, 7), PromptB = new("lofi piano", 1, 0.75f, 7), SeedPattern = "boom-bap", Bars = 1 };
        var image = new SeedPatternImageGenerator().Generate(request, null, default).Image;
        return new DeliveryOrder(new CachedGeneration(Key, image, request), settings, Stopwatch.GetTimestamp(), 12.5, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(40));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void The_loop_is_exactly_one_loop_long_at_the_settings_tempo_rate_and_channels_and_carries_the_earlier_timings()
    {
        var stages = new List<ProgressStage>();
        var delivery = new LoopDelivery(TestEngine.FastRenderer, clips: null, Info, "test");

        RenderedLoop loop = delivery.Render(Order(new DeliverySettings(120, 22_050, 2, IncludePng: false)), (stage, _, _) => stages.Add(stage), default);

        // One bar of 4/4 at 120 BPM: 2 s, so 44 100 samples at 22.05 kHz.
        Assert.Equal((2, 44_100, 22_050), (loop.Audio.ChannelCount, loop.Audio.Length, loop.Audio.SampleRate));
        Assert.Equal((120.0, 1, 4, 22_050), (loop.Loop.Bpm, loop.Loop.Bars, loop.Loop.BeatsPerBar, loop.Loop.SampleRate));
        Assert.Equal([ProgressStage.Reconstructing, ProgressStage.Finishing], stages);
        Assert.Equal((12.5, 250.0, 40.0), (loop.Timings.QueuedMs, loop.Timings.DiffusionMs, loop.Timings.DecodeMs));
        Assert.Null(loop.Png);
        Assert.Null(loop.ClipPath);
        Assert.Null(loop.ClipProblem);
    }

    [Fact]
    public void With_a_library_the_clip_is_written_and_with_IncludePng_the_spectrogram_goes_along()
    {
        var clips = new ClipLibrary(Path.Combine(_root, "clips"));
        var delivery = new LoopDelivery(TestEngine.FastRenderer, clips, Info, "test");

        RenderedLoop loop = delivery.Render(Order(new DeliverySettings(90, 44_100, 1, IncludePng: true)), null, default);

        Assert.NotNull(loop.ClipPath);
        Assert.Equal(clips.Folder, Path.GetDirectoryName(loop.ClipPath));
        Assert.True(File.Exists(loop.ClipPath));
        Assert.Null(loop.ClipProblem);
        var png = PngFile.Decode(loop.Png!, "Png").Image;
        Assert.Equal((256, 512), (png.Width, png.Height));
    }

    [Fact]
    public void A_clip_that_cannot_be_written_still_gives_the_loop_and_says_why()
    {
        var clips = new ClipLibrary(Path.Combine(_root, "clips"));
        Directory.Delete(clips.Folder);
        File.WriteAllText(clips.Folder, "a file where the clips folder was");
        var delivery = new LoopDelivery(TestEngine.FastRenderer, clips, Info, "test");

        RenderedLoop loop = delivery.Render(Order(new DeliverySettings(120, 22_050, 1, IncludePng: false)), null, default);

        Assert.Equal(44_100, loop.Audio.Length);
        Assert.Null(loop.ClipPath);
        Assert.StartsWith($"could not write the clip to '{clips.Folder}': ", loop.ClipProblem);
    }

    [Fact]
    public void A_cancelled_order_stops_before_it_reports_finishing_and_writes_no_clip()
    {
        var clips = new ClipLibrary(Path.Combine(_root, "clips"));
        var stages = new List<ProgressStage>();
        var delivery = new LoopDelivery(TestEngine.FastRenderer, clips, Info, "test");

        Assert.ThrowsAny<OperationCanceledException>(() =>
            delivery.Render(Order(new DeliverySettings(120, 22_050, 1, IncludePng: false)), (stage, _, _) => stages.Add(stage), new CancellationToken(canceled: true)));

        Assert.Equal([ProgressStage.Reconstructing], stages);
        Assert.Empty(Directory.EnumerateFileSystemEntries(clips.Folder));
    }
}
