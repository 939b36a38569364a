using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>Repeats and tempo or rate changes reuse the cached image: the generator does not run again.</summary>
public class RetimeTests
{
    [Fact]
    public async Task Retime_to_a_new_tempo_and_rate_skips_diffusion_and_keeps_the_exact_length()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();
        await client.SendAsync(TestEngine.Request(1));
        var first = await client.NextAsync<LoopReady>();
        Assert.Equal(1, engine.Counters.DiffusionRuns);

        await client.SendAsync(new Retime { RequestId = 2, GenerationKey = first.GenerationKey, Bpm = 90 });
        var slower = await client.NextAsync<LoopReady>(l => l.RequestId == 2);
        await client.SendAsync(new Retime { RequestId = 3, GenerationKey = first.GenerationKey, SampleRate = 48_000 });
        var resampled = await client.NextAsync<LoopReady>(l => l.RequestId == 3);

        // 4 beats at 90 BPM = 8/3 s → 58 800 samples at 22.05 kHz; the rate-only retime keeps the last tempo it got (90).
        Assert.Equal(58_800, slower.Pcm[0].Length);
        Assert.Equal(90, resampled.Bpm);
        Assert.Equal(128_000, resampled.Pcm[0].Length);
        Assert.Equal(first.GenerationKey, slower.GenerationKey);
        Assert.Equal(1, engine.Counters.DiffusionRuns);
    }

    [Fact]
    public async Task A_loop_reports_the_generators_own_timings_and_a_retime_none_for_diffusion_or_decode()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();
        await client.SendAsync(TestEngine.Request(1));
        var first = await client.NextAsync<LoopReady>();
        await client.SendAsync(new Retime { RequestId = 2, GenerationKey = first.GenerationKey, Bpm = 90 });
        var retimed = await client.NextAsync<LoopReady>(l => l.RequestId == 2);

        // The no-diffusion generator decodes nothing; a retime's image comes from the cache, so it never queued or ran.
        Assert.Equal(0, first.Timings.DecodeMs);
        Assert.True(first.Timings.DiffusionMs > 0, $"diffusion {first.Timings.DiffusionMs} ms");
        Assert.Equal((0.0, 0.0, 0.0), (retimed.Timings.QueuedMs, retimed.Timings.DiffusionMs, retimed.Timings.DecodeMs));
    }

    [Fact]
    public async Task The_same_request_again_is_served_from_the_cache()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.Request(1));
        var first = await client.NextAsync<LoopReady>();
        var again = TestEngine.Request(2);
        again.Bpm = 140;
        await client.SendAsync(again);
        var second = await client.NextAsync<LoopReady>();

        Assert.Equal(first.GenerationKey, second.GenerationKey);
        Assert.Equal(1, engine.Counters.DiffusionRuns);
        Assert.Equal(1, engine.Counters.CacheHits);
    }

    [Fact]
    public async Task A_restarted_engine_finds_the_image_on_disk()
    {
        string root = Path.Combine(Path.GetTempPath(), "rvt-service-tests", Guid.NewGuid().ToString("N"));
        string key;
        var firstEngine = await TestEngine.StartAsync(root: root);
        await using (var client = await firstEngine.ConnectAsync())
        {
            await client.SendAsync(TestEngine.Request(1));
            key = (await client.NextAsync<LoopReady>()).GenerationKey;
        }

        await firstEngine.Server.StopAsync();
        await using var secondEngine = await TestEngine.StartAsync(root: root);
        await using var second = await secondEngine.ConnectAsync();
        await second.SendAsync(new Retime { RequestId = 5, GenerationKey = key, Bpm = 100, SampleRate = 44_100 });
        var loop = await second.NextAsync<LoopReady>();

        // 4 beats at 100 BPM = 2.4 s = 105 840 samples at 44.1 kHz; mono was not remembered, so the default is stereo.
        Assert.Equal(105_840, loop.Pcm[0].Length);
        Assert.Equal(2, loop.Pcm.Length);
        Assert.Equal(0, secondEngine.Counters.DiffusionRuns);
    }

    [Fact]
    public async Task Retime_of_an_unknown_key_says_to_render_again()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(new Retime { RequestId = 8, GenerationKey = new string('0', 32), Bpm = 100, SampleRate = 44_100 });
        var error = await client.NextAsync<ErrorMessage>();
        Assert.Equal(ErrorCode.UnknownGeneration, error.Code);
        Assert.Equal(8, error.RequestId);

        await client.SendAsync(new Retime { RequestId = 9, GenerationKey = "../../etc/passwd", Bpm = 100, SampleRate = 44_100 });
        Assert.Equal(ErrorCode.UnknownGeneration, (await client.NextAsync<ErrorMessage>()).Code);
    }
}
