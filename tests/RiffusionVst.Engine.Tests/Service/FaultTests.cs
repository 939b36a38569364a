using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>Bad input from one client gets an Error and changes nothing for anybody else.</summary>
public class FaultTests
{
    public static TheoryData<string, Action<RenderRequest>, string> ImpossibleRequests => new()
    {
        { "bpm 0", r => r.Bpm = 0, "BPM" },
        { "bars 1000", r => r.Bars = 1000, "Bars" },
        { "NaN alpha", r => r.Alpha = float.NaN, "Alpha" },
        { "10 000-word prompt", r => r.PromptA.Text = string.Join(' ', Enumerable.Repeat("drum", 10_000)), "PromptA.Text" },
        { "unknown seed pattern", r => r.SeedPattern = "polka-from-mars", "seed pattern" },
        { "unknown scheduler", r => r.Scheduler = "warp-drive", "scheduler" },
        { "unknown mask", r => r.MaskName = "top-third", "mask" },
        { "mask that is not a PNG", r => r.MaskPng = [1, 2, 3], "MaskPng" },
        { "no alpha", r => r.Alpha = null, "Alpha" },
        { "mask without a seed", r => { r.SeedPattern = SeedPatternNames.None; r.MaskPng = PngFile.Encode(new RgbImage(8, 8)); }, "needs a seed" },
    };

    [Theory]
    [MemberData(nameof(ImpossibleRequests))]
    public async Task An_impossible_render_gets_an_error_naming_the_problem_and_the_connection_keeps_working(string what, Action<RenderRequest> spoil, string named)
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();
        var bad = TestEngine.Request(1);
        spoil(bad);

        await client.SendAsync(bad);
        var error = await client.NextAsync<ErrorMessage>();
        Assert.True(error.Code == ErrorCode.InvalidRequest, $"{what}: {error}");
        Assert.Equal(1, error.RequestId);
        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(error.Fatal);

        await client.SendAsync(TestEngine.Request(2));
        Assert.Equal(2, (await client.NextAsync<LoopReady>()).RequestId);
        Assert.Equal(1, engine.Counters.DiffusionRuns);
    }

    [Fact]
    public async Task Fuzzed_frames_from_several_clients_do_not_stop_a_valid_client_from_being_served()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var bystander = await engine.ConnectAsync();
        var random = new Random(1234);

        // After Hello: 50 frames of random bytes, each skipped with a MalformedFrame error; the connection stays usable.
        await using (var fuzzer = await RawPipeClient.ConnectAsync(engine.Server.PipeName))
        {
            await fuzzer.SendAsync(new Hello { ClientName = "fuzzer" });
            await fuzzer.NextAsync<Welcome>();
            var seen = new List<Message>();
            for (int i = 0; i < 50; i++)
            {
                var body = RandomBytes(random, random.Next(1, 300));
                body[0] = 0x92; // shaped like a union (a two-element array) so decoding fails on the contents
                body[1] = (byte)random.Next(14, 0x7f); // and on the kind: no message has this key
                await fuzzer.WriteAsync(RawPipeClient.Frame(body));
            }

            // The transport answers bad frames on its own, so the pong may overtake some of the errors.
            await fuzzer.SendAsync(new Ping { Echo = 77 });
            while (!seen.OfType<Pong>().Any() || seen.OfType<ErrorMessage>().Count() < 50)
                seen.Add(await fuzzer.NextAsync() ?? throw new IOException("The engine closed the fuzzer's pipe."));
            Assert.Equal(50, seen.OfType<ErrorMessage>().Count(e => e.Code == ErrorCode.MalformedFrame && !e.Fatal));
        }

        // Raw clients that never say Hello: garbage, an oversize length, a zero length, half a frame; then they vanish.
        foreach (byte[] junk in new[]
                 {
                     RandomBytes(random, 4096),
                     RawPipeClient.Header(uint.MaxValue),
                     RawPipeClient.Header(0),
                     [.. RawPipeClient.Header(100), 1, 2, 3],
                 })
        {
            await using var raw = await RawPipeClient.ConnectAsync(engine.Server.PipeName);
            await raw.WriteAsync(junk);
        }

        await using var valid = await engine.ConnectAsync();
        await valid.SendAsync(TestEngine.Request(9));
        Assert.Equal(9, (await valid.NextAsync<LoopReady>()).RequestId);
        await bystander.SyncAsync();
    }

    [Fact]
    public async Task A_render_before_hello_is_refused_with_a_fatal_error()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var raw = await RawPipeClient.ConnectAsync(engine.Server.PipeName);

        await raw.SendAsync(TestEngine.Request(1));
        var error = await raw.NextAsync<ErrorMessage>();
        Assert.Equal(ErrorCode.NotIntroduced, error.Code);
        Assert.True(error.Fatal);
        Assert.Null(await raw.NextAsync());
        Assert.Equal(0, engine.Counters.DiffusionRuns);
    }

    [Fact]
    public async Task An_oversize_length_after_hello_closes_only_that_connection_with_an_error()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var bystander = await engine.ConnectAsync();
        await using var raw = await RawPipeClient.ConnectAsync(engine.Server.PipeName);
        await raw.SendAsync(new Hello { ClientName = "oversize" });
        await raw.NextAsync<Welcome>();

        await raw.WriteAsync(RawPipeClient.Header(512u * 1024 * 1024));
        var error = await raw.NextAsync<ErrorMessage>();
        Assert.Equal(ErrorCode.FrameTooLarge, error.Code);
        Assert.True(error.Fatal);
        Assert.Null(await raw.NextAsync());

        await bystander.SendAsync(TestEngine.Request(4));
        Assert.Equal(4, (await bystander.NextAsync<LoopReady>()).RequestId);
    }

    [Fact]
    public async Task Messages_only_the_engine_sends_are_refused_without_closing()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(new LoopReady { RequestId = 1 });
        Assert.Equal(ErrorCode.InvalidRequest, (await client.NextAsync<ErrorMessage>()).Code);
        await client.SendAsync(new Hello());
        Assert.Contains("already", (await client.NextAsync<ErrorMessage>()).Message);
        await client.SyncAsync();
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
