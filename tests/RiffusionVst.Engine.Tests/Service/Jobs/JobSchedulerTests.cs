using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service.Jobs;

/// <summary>Scheduling rules seen from real clients of a real server; the generator is held at a gate so order is deterministic.</summary>
public class JobSchedulerTests
{
    [Fact]
    public async Task A_grid_runs_nearest_to_the_current_alpha_first()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.GridRequest(1, [0f, 0.25f, 0.5f, 0.75f, 1f], current: 0.7f));
        var order = new List<float>();
        for (int i = 0; i < 5; i++)
        {
            var run = await generator.NextStartAsync();
            order.Add(run.Request.Alpha);
            run.Release();
        }

        // Distances from 0.7: 0.75 → 0.05, 0.5 → 0.2, 1 → 0.3, 0.25 → 0.45, 0 → 0.7.
        Assert.Equal([0.75f, 0.5f, 1f, 0.25f, 0f], order);
        for (int i = 0; i < 5; i++)
            await client.NextAsync<LoopReady>();
    }

    [Fact]
    public async Task Clients_take_turns_for_the_generator()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var a = await engine.ConnectAsync();
        await using var b = await engine.ConnectAsync();

        await a.SendAsync(TestEngine.GridRequest(1, [0f, 0.5f, 1f], current: 0, prompt: "a"));
        var first = await generator.NextStartAsync();
        await b.SendAsync(TestEngine.GridRequest(1, [0f, 0.5f, 1f], current: 0, prompt: "b"));
        await b.NextAsync<Progress>(p => p.Stage == ProgressStage.Queued);

        var order = new List<(string, float)>();
        var run = first;
        for (int i = 0; i < 6; i++)
        {
            if (i > 0)
                run = await generator.NextStartAsync();
            order.Add((run.Request.PromptA.Text, run.Request.Alpha));
            run.Release();
        }

        Assert.Equal([("a", 0f), ("b", 0f), ("a", 0.5f), ("b", 0.5f), ("a", 1f), ("b", 1f)], order);
    }

    [Fact]
    public async Task A_queued_report_says_how_many_generator_runs_come_first_in_turn_order()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var a = await engine.ConnectAsync();
        await using var b = await engine.ConnectAsync();

        await a.SendAsync(TestEngine.GridRequest(1, [0f, 0.5f, 1f], current: 0, prompt: "a"));
        var first = await generator.NextStartAsync();
        await b.SendAsync(TestEngine.GridRequest(1, [0f, 0.5f, 1f], current: 0, prompt: "b"));
        var queued = new List<(float Alpha, int Ahead)>();
        for (int i = 0; i < 3; i++)
        {
            var report = await b.NextAsync<Progress>(p => p.Stage == ProgressStage.Queued);
            queued.Add((report.Alpha, report.Step));
        }

        // The order runs take: a 0 (running), b 0, a 0.5, b 0.5, a 1, b 1.
        Assert.Equal([(0f, 1), (0.5f, 3), (1f, 5)], queued);
        first.Release();
        for (int i = 0; i < 5; i++)
            (await generator.NextStartAsync()).Release();
    }

    [Fact]
    public async Task A_newer_render_drops_the_older_ones_loops_and_stops_its_running_job()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.GridRequest(1, [0f, 0.5f, 1f], current: 0, prompt: "old"));
        var running = await generator.NextStartAsync();
        await client.SendAsync(TestEngine.GridRequest(2, [0f, 1f], current: 1, prompt: "new"));
        var superseded = await client.NextAsync<ErrorMessage>(e => e.RequestId == 1);
        Assert.Equal(ErrorCode.Cancelled, superseded.Code);
        await running.SawCancellation.Task.WaitAsync(TestEngine.Patience);

        (await generator.NextStartAsync()).Release();
        (await generator.NextStartAsync()).Release();
        var loops = new[] { await client.NextAsync<LoopReady>(), await client.NextAsync<LoopReady>() };
        await client.SyncAsync();

        // Request 1's running job stopped at its next step; its two queued alphas never ran; nothing of request 1 came.
        Assert.Equal([("old", 0f), ("new", 1f), ("new", 0f)], generator.Runs.Select(r => (r.Request.PromptA.Text, r.Request.Alpha)));
        Assert.All(loops, l => Assert.Equal(2, l.RequestId));
        Assert.DoesNotContain(client.Seen, m => m is LoopReady { RequestId: 1 });
        Assert.Equal(3, engine.Counters.Superseded);
        Assert.Equal(1, engine.Counters.CancelledRuns);
        Assert.Equal(0, engine.Counters.UnusedRuns);
    }

    [Fact]
    public async Task Cancel_stops_the_running_job_at_its_next_step()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.Request(5));
        var run = await generator.NextStartAsync();
        await client.SendAsync(new Cancel { RequestId = 5 });

        var answer = await client.NextAsync<ErrorMessage>(e => e.RequestId == 5);
        Assert.Equal(ErrorCode.Cancelled, answer.Code);
        await run.SawCancellation.Task.WaitAsync(TestEngine.Patience);
        await client.SyncAsync();
        Assert.DoesNotContain(client.Seen, m => m is LoopReady);

        // The generator is free again for the next request.
        await client.SendAsync(TestEngine.Request(6));
        (await generator.NextStartAsync()).Release();
        Assert.Equal(6, (await client.NextAsync<LoopReady>()).RequestId);
        Assert.Equal(1, engine.Counters.CancelledRuns);
    }

    [Fact]
    public async Task A_client_that_disconnects_frees_its_running_job_for_others()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var other = await engine.ConnectAsync();
        var leaving = await engine.ConnectAsync();

        await leaving.SendAsync(TestEngine.GridRequest(1, [0f, 0.5f, 1f], current: 0, prompt: "leaving"));
        var run = await generator.NextStartAsync();
        await other.SendAsync(TestEngine.Request(2, "staying"));
        await other.NextAsync<Progress>(p => p.Stage == ProgressStage.Queued);
        await leaving.DisposeAsync();

        await run.SawCancellation.Task.WaitAsync(TestEngine.Patience);
        var next = await generator.NextStartAsync();
        Assert.Equal("staying", next.Request.PromptA.Text);
        next.Release();
        Assert.Equal(2, (await other.NextAsync<LoopReady>()).RequestId);
        Assert.Equal(2, generator.Runs.Count);
    }

    [Fact]
    public async Task A_burst_of_100_single_alpha_renders_finishes_only_the_newest_and_stops_every_superseded_run()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.Request(1, alpha: 0));
        var first = await generator.NextStartAsync();
        for (int i = 2; i <= 100; i++)
            await client.SendAsync(TestEngine.Request(i, alpha: i / 100f));
        await client.SyncAsync();

        // Runs may start while the burst is still arriving (each as the newest of its moment); every one but the
        // newest must be stopped, none of them released by this test.
        var run = first;
        while (run.Request.Alpha != 1f)
        {
            await run.SawCancellation.Task.WaitAsync(TestEngine.Patience);
            run = await generator.NextStartAsync();
        }

        run.Release();
        Assert.Equal(100, (await client.NextAsync<LoopReady>()).RequestId);
        await client.SyncAsync();

        Assert.Equal(generator.Runs.Count - 1, engine.Counters.CancelledRuns);
        Assert.Equal(0, engine.Counters.UnusedRuns);
        Assert.Single(client.Seen.OfType<LoopReady>());
    }

    [Fact]
    public async Task A_burst_of_100_alpha_moves_on_one_grid_wastes_no_job()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator);
        await using var client = await engine.ConnectAsync();
        float[] grid = [0f, 0.25f, 0.5f, 0.75f, 1f];

        await client.SendAsync(TestEngine.GridRequest(1, grid, current: 0));
        var first = await generator.NextStartAsync();
        for (int i = 2; i <= 100; i++)
            await client.SendAsync(TestEngine.GridRequest(i, grid, current: i / 100f));
        await client.SyncAsync();
        first.Release();
        for (int i = 1; i < grid.Length; i++)
            (await generator.NextStartAsync()).Release();
        for (int i = 0; i < grid.Length; i++)
            Assert.Equal(100, (await client.NextAsync<LoopReady>()).RequestId);

        // Every grid alpha ran once, the running one was handed to the newest request, and all went to it.
        Assert.Equal(grid.Length, generator.Runs.Count);
        Assert.Equal(0, engine.Counters.UnusedRuns);
        Assert.Equal(1f, generator.Runs[1].Request.Alpha);
    }
    [Fact]
    public async Task Reconstruction_of_one_loop_overlaps_the_generator_run_of_the_next()
    {
        var generator = new GatedGenerator();
        var renderer = new GatedRenderer(TestEngine.FastRenderer);
        await using var engine = await TestEngine.StartAsync(generator, renderer);
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.GridRequest(1, [0f, 1f], current: 0));
        (await generator.NextStartAsync()).Release();
        await renderer.Entered.Task.WaitAsync(TestEngine.Patience);

        // The first loop is held in reconstruction, yet the generator has already moved on to the second alpha.
        var second = await generator.NextStartAsync();
        Assert.Equal(1f, second.Request.Alpha);
        second.Release();
        renderer.Gate.Set();
        await client.NextAsync<LoopReady>();
        await client.NextAsync<LoopReady>();
    }

    [Fact]
    public async Task Two_generator_slots_run_two_jobs_at_once()
    {
        var generator = new GatedGenerator();
        await using var engine = await TestEngine.StartAsync(generator, configure: o => o with { MaxConcurrentDiffusion = 2 });
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.GridRequest(1, [0f, 0.5f, 1f], current: 0));
        var first = await generator.NextStartAsync();
        var second = await generator.NextStartAsync();
        await client.SyncAsync();
        Assert.False(generator.HasPendingStart);

        first.Release();
        var third = await generator.NextStartAsync();
        second.Release();
        third.Release();
        Assert.Equal([0f, 0.5f, 1f], new[] { first, second, third }.Select(r => r.Request.Alpha));
        for (int i = 0; i < 3; i++)
            await client.NextAsync<LoopReady>();
    }
}
