using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Tests.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Protocol.Tests.Transport;

public class HandshakeTests
{
    private static Welcome MakeWelcome(Hello hello) =>
        new() { EngineVersion = "test", Model = new ModelInfo { Name = "tiny", IsTiny = true, Device = "cpu" }, Capabilities = [hello.Label] };

    [Fact]
    public async Task A_client_of_the_same_major_version_is_welcomed()
    {
        var (listener, client, server) = await PipeTestKit.ConnectedPairAsync();
        await using var _ = listener;
        await using var __ = client;
        await using var ___ = server;

        Task<Hello?> engine = Handshake.AcceptAsync(server, MakeWelcome, PipeTestKit.Patience);
        Welcome welcome = await Handshake.IntroduceAsync(client, new Hello { ClientName = "RiffusionVst", Label = "Bass", InstanceId = SampleMessages.Instance }, PipeTestKit.Patience);

        Assert.Equal(ProtocolVersion.Major, welcome.ProtocolMajor);
        Assert.True(welcome.Model.IsTiny);
        Assert.Equal(["Bass"], welcome.Capabilities); // the engine's factory saw the client's Hello
        Assert.Equal(SampleMessages.Instance, (await engine)!.InstanceId);
    }

    [Fact]
    public async Task A_client_of_another_major_version_is_refused_with_a_message()
    {
        var (listener, client, server) = await PipeTestKit.ConnectedPairAsync();
        await using var _ = listener;
        await using var __ = client;
        await using var ___ = server;

        Task<Hello?> engine = Handshake.AcceptAsync(server, MakeWelcome, PipeTestKit.Patience);
        var hello = new Hello { ProtocolMajor = ProtocolVersion.Major + 1, ClientName = "RiffusionVst", ClientVersion = "2.0" };
        var e = await Assert.ThrowsAsync<ProtocolRefusedException>(() => Handshake.IntroduceAsync(client, hello, PipeTestKit.Patience));

        Assert.Null(await engine);
        Assert.NotNull(e.Error);
        Assert.Equal(ErrorCode.VersionMismatch, e.Error.Code);
        Assert.True(e.Error.Fatal);
        Assert.Contains($"speaks protocol {ProtocolVersion.Major + 1}.{ProtocolVersion.Minor}", e.Message);
        Assert.Contains("Update the engine", e.Message);
    }

    [Fact]
    public async Task A_client_that_skips_hello_is_told_to_introduce_itself()
    {
        var (listener, client, server) = await PipeTestKit.ConnectedPairAsync();
        await using var _ = listener;
        await using var __ = client;
        await using var ___ = server;

        Task<Hello?> engine = Handshake.AcceptAsync(server, MakeWelcome, PipeTestKit.Patience);
        await client.SendAsync(new Ping());

        Assert.Null(await engine);
        var error = Assert.IsType<ErrorMessage>(await client.NextAsync());
        Assert.Equal(ErrorCode.NotIntroduced, error.Code);
        Assert.Contains("must be Hello, not Ping", error.Message);
    }

    [Fact]
    public async Task A_silent_engine_times_out_with_a_message()
    {
        var (listener, client, server) = await PipeTestKit.ConnectedPairAsync();
        await using var _ = listener;
        await using var __ = client;
        await using var ___ = server;

        var e = await Assert.ThrowsAsync<TimeoutException>(() => Handshake.IntroduceAsync(client, new Hello(), TimeSpan.FromMilliseconds(100)));
        Assert.Contains("the engine's Welcome", e.Message);
    }
}
