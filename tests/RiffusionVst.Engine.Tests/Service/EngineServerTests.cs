using RiffusionVst.Engine.Service;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Protocol;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Tests.Service;

public class EngineServerTests
{
    [Fact]
    public async Task Welcome_names_the_model_capabilities_and_schedulers()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();

        Assert.Equal(ProtocolVersion.Major, client.Welcome.ProtocolMajor);
        Assert.Equal(SeedPatternImageGenerator.ModelIdValue, engine.Server.Generator.ModelId);
        Assert.False(client.Welcome.Model.IsTiny);
        Assert.Contains(Capabilities.AlphaGrid, client.Welcome.Capabilities);
        Assert.Contains(Capabilities.Retime, client.Welcome.Capabilities);
        Assert.Contains(Capabilities.ClipFiles, client.Welcome.Capabilities);
        Assert.Contains(SchedulerNames.Pndm, client.Welcome.Schedulers);
    }

    [Fact]
    public async Task A_client_of_another_major_version_gets_a_fatal_error_and_others_are_still_served()
    {
        await using var engine = await TestEngine.StartAsync();
        var old = await PipeConnection.ConnectAsync(engine.Server.PipeName, TestEngine.Patience);
        await using (old)
        {
            var refusal = await Assert.ThrowsAsync<ProtocolRefusedException>(() =>
                Handshake.IntroduceAsync(old, new Hello { ProtocolMajor = ProtocolVersion.Major + 1, ClientName = "future" }, TestEngine.Patience));
            Assert.Equal(ErrorCode.VersionMismatch, refusal.Error?.Code);
            Assert.True(refusal.Error?.Fatal);
        }

        await using var client = await engine.ConnectAsync();
        await client.SyncAsync();
    }

    [Fact]
    public async Task A_second_server_on_the_same_pipe_name_is_refused()
    {
        await using var engine = await TestEngine.StartAsync();
        var options = new EngineServerOptions { PipeName = engine.Server.PipeName, ClipsFolder = null, CacheFolder = null };

        var e = await Assert.ThrowsAsync<PipeNameInUseException>(() =>
            EngineServer.StartAsync(options, new SeedPatternImageGenerator(), TestEngine.FastRenderer));
        Assert.Contains(engine.Server.PipeName, e.Message);

        await using var client = await engine.ConnectAsync();
        await client.SyncAsync();
    }

    [Fact]
    public async Task Three_clients_at_once_each_get_their_own_exact_length_loops()
    {
        await using var engine = await TestEngine.StartAsync(configure: o => o with { MaxConcurrentReconstruction = 2 });
        var clients = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => engine.ConnectAsync()));
        try
        {
            string[] prompts = ["techno", "jazz", "ambient"];
            await Task.WhenAll(clients.Select((c, i) => c.SendAsync(TestEngine.Request(100 + i, prompts[i], pattern: i == 1 ? "shuffle" : "boom-bap"))));
            var loops = await Task.WhenAll(clients.Select((c, i) => c.NextAsync<LoopReady>(l => l.RequestId == 100 + i)));

            // 1 bar of 4 beats at 240 BPM is 1 s: 22 050 samples at 22.05 kHz.
            foreach (var loop in loops)
            {
                Assert.Single(loop.Pcm);
                Assert.Equal(22_050, loop.Pcm[0].Length);
                Assert.Equal(loop.ExpectedLength(), loop.Pcm[0].Length);
                Assert.Contains(loop.Pcm[0], s => s != 0);
            }

            Assert.Equal(3, loops.Select(l => l.GenerationKey).Distinct().Count());
            Assert.Equal(3, engine.Counters.DiffusionRuns);
        }
        finally
        {
            foreach (var c in clients)
                await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_clients_asking_for_the_same_image_share_one_generator_run()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var a = await engine.ConnectAsync();
        await using var b = await engine.ConnectAsync();

        await a.SendAsync(TestEngine.Request(1));
        var run = await generator.NextStartAsync();
        await b.SendAsync(TestEngine.Request(7));
        await b.SyncAsync();
        run.Release();

        var fromA = await a.NextAsync<LoopReady>();
        var fromB = await b.NextAsync<LoopReady>();
        Assert.Equal(fromA.GenerationKey, fromB.GenerationKey);
        Assert.Equal(1, engine.Counters.DiffusionRuns);
        Assert.Single(generator.Runs);
    }

    [Fact]
    public async Task Progress_is_reported_for_every_diffusion_step()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.Request(3));
        (await generator.NextStartAsync()).Release();
        await client.NextAsync<LoopReady>();

        var steps = client.Seen.OfType<Progress>().Where(p => p.Stage == ProgressStage.Diffusing).Select(p => p.Step).ToArray();
        Assert.Equal([1, 2, 3, 4], steps);
        Assert.Contains(client.Seen.OfType<Progress>(), p => p.Stage == ProgressStage.Reconstructing);
    }

    [Fact]
    public async Task Stopping_cancels_the_running_job_closes_clients_and_leaves_no_partial_files()
    {
        var generator = new GatedGenerator();
        var engine = await TestEngine.StartAsync(generator);
        try
        {
            await using var client = await engine.ConnectAsync();
            await client.SendAsync(TestEngine.Request(1));
            var run = await generator.NextStartAsync();

            await engine.Server.StopAsync();

            Assert.True(run.Token.IsCancellationRequested);
            await run.SawCancellation.Task.WaitAsync(TestEngine.Patience);
            Assert.Equal(1, engine.Counters.CancelledRuns);
            await client.Connection.Completion.WaitAsync(TestEngine.Patience);
            Assert.False(client.Connection.IsConnected);
            Assert.Empty(Directory.EnumerateFiles(engine.ClipsFolder, "*.tmp"));
            await Assert.ThrowsAnyAsync<Exception>(() => PipeConnection.ConnectAsync(engine.Server.PipeName, TimeSpan.FromMilliseconds(200)));
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stopping_waits_for_a_loop_that_is_being_reconstructed()
    {
        var renderer = new GatedRenderer(TestEngine.FastRenderer);
        await using var engine = await TestEngine.StartAsync(renderer: renderer);
        await using var client = await engine.ConnectAsync();
        await client.SendAsync(TestEngine.Request(1));
        await renderer.Entered.Task.WaitAsync(TestEngine.Patience);

        Task stopping = engine.Server.StopAsync();
        await Task.Delay(50);
        Assert.False(stopping.IsCompleted);

        renderer.Gate.Set();
        await stopping.WaitAsync(TestEngine.Patience);
        Assert.Empty(Directory.EnumerateFiles(engine.ClipsFolder, "*.tmp"));
    }
}
