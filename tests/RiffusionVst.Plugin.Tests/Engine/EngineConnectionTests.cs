using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Engine;

namespace RiffusionVst.Plugin.Tests.Engine;

public class EngineConnectionTests
{
    private static readonly TimeSpan LongGrace = TimeSpan.FromHours(1);

    private readonly PluginProcessor _processor = new(new PluginParameters());
    private readonly PromptSlots _prompts = new();
    private readonly List<Guid> _created = [];
    private readonly List<string> _log = [];

    // Real clients that look for an engine on a pipe nobody serves, and never launch one.
    private EngineClient CreateClient(Guid instanceId)
    {
        _created.Add(instanceId);
        return new EngineClient(_processor, _prompts, new EngineClientOptions
        {
            InstanceId = instanceId,
            PipeName = "rvst-test-" + Guid.NewGuid().ToString("N")[..16],
            StartEngine = false,
            ConnectTimeout = TimeSpan.FromMilliseconds(20),
            InitialRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        });
    }

    private EngineConnection Connection(TimeSpan grace) => new(CreateClient, grace, line => { lock (_log) _log.Add(line); });

    [Fact]
    public async Task Start_creates_and_starts_a_client_for_the_instance()
    {
        var connection = Connection(LongGrace);
        Guid id = Guid.NewGuid();

        connection.Start(id);

        EngineClient client = Assert.IsType<EngineClient>(connection.Client);
        Assert.Equal([id], _created);
        Assert.NotEqual(EngineState.Stopped, client.Status.State);
        await connection.CloseNowAsync();
        Assert.Equal(EngineState.Stopped, client.Status.State);
    }

    [Fact]
    public async Task A_start_during_the_stop_grace_keeps_the_same_client()
    {
        var connection = Connection(LongGrace);
        Guid id = Guid.NewGuid();
        connection.Start(id);
        EngineClient? first = connection.Client;

        connection.Stop();
        Assert.True(connection.StopPending);
        connection.Start(id);

        Assert.False(connection.StopPending);
        Assert.Same(first, connection.Client);
        Assert.Single(_created);
        await connection.CloseNowAsync();
    }

    [Fact]
    public async Task A_stop_without_grace_closes_the_client()
    {
        var connection = Connection(TimeSpan.Zero);
        connection.Start(Guid.NewGuid());
        EngineClient client = connection.Client!;

        connection.Stop();
        await connection.LastClosing;

        Assert.Null(connection.Client);
        Assert.Equal(EngineState.Stopped, client.Status.State);
    }

    [Fact]
    public async Task A_stop_closes_the_client_once_the_grace_period_passes_without_a_start()
    {
        var connection = Connection(TimeSpan.FromMilliseconds(1));
        connection.Start(Guid.NewGuid());
        EngineClient client = connection.Client!;

        connection.Stop();
        await connection.GraceWait;
        await connection.LastClosing;

        Assert.Null(connection.Client);
        Assert.False(connection.StopPending);
        Assert.Equal(EngineState.Stopped, client.Status.State);
    }

    [Fact]
    public async Task A_new_instance_id_replaces_the_running_client()
    {
        var connection = Connection(LongGrace);
        Guid first = Guid.NewGuid();
        Guid second = Guid.NewGuid();
        connection.Start(first);
        EngineClient oldClient = connection.Client!;

        connection.ChangeInstance(second);
        await connection.LastClosing;

        Assert.Equal([first, second], _created);
        Assert.NotSame(oldClient, connection.Client);
        Assert.Equal(EngineState.Stopped, oldClient.Status.State);
        await connection.CloseNowAsync();
    }

    [Fact]
    public void A_new_instance_id_while_stopped_creates_nothing()
    {
        var connection = Connection(LongGrace);

        connection.ChangeInstance(Guid.NewGuid());

        Assert.Null(connection.Client);
        Assert.Empty(_created);
    }

    [Fact]
    public void A_factory_that_gives_no_client_runs_without_an_engine()
    {
        var connection = new EngineConnection(_ => null, LongGrace, _ => { });

        connection.Start(Guid.NewGuid());
        connection.Stop();

        Assert.Null(connection.Client);
        Assert.False(connection.StopPending);
    }

    [Fact]
    public void A_negative_grace_is_refused_with_a_reason()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new EngineConnection(_ => null, TimeSpan.FromSeconds(-1), _ => { }));
        Assert.Contains("negative", e.Message);
    }
}
