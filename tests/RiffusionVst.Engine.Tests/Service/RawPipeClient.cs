using System.Buffers.Binary;
using System.IO.Pipes;
using RiffusionVst.Protocol.Framing;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Serialization;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>A client that writes any bytes it likes to the engine's pipe and reads the frames that come back.</summary>
internal sealed class RawPipeClient : IAsyncDisposable
{
    private readonly NamedPipeClientStream _pipe;
    private readonly FrameReader _reader;

    private RawPipeClient(NamedPipeClientStream pipe)
    {
        _pipe = pipe;
        _reader = new FrameReader(pipe);
    }

    public static async Task<RawPipeClient> ConnectAsync(string pipeName)
    {
        var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        await pipe.ConnectAsync((int)TestEngine.Patience.TotalMilliseconds);
        return new RawPipeClient(pipe);
    }

    public static byte[] Header(uint length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, length);
        return header;
    }

    public static byte[] Frame(byte[] body) => [.. Header((uint)body.Length), .. body];

    public async Task WriteAsync(byte[] bytes)
    {
        await _pipe.WriteAsync(bytes);
        await _pipe.FlushAsync();
    }

    public Task SendAsync(Message message) => WriteAsync(Frame(MessageSerializer.Serialize(message)));

    /// <summary>The next decodable message, or null when the engine closed the pipe.</summary>
    public async Task<Message?> NextAsync()
    {
        while (true)
        {
            FrameReadResult result = await _reader.ReadAsync().AsTask().WaitAsync(TestEngine.Patience);
            if (result.Status == FrameReadStatus.Message)
                return result.Message;
            if (!result.CanContinue)
                return null;
        }
    }

    public async Task<T> NextAsync<T>(Func<T, bool>? where = null)
        where T : Message
    {
        while (true)
        {
            Message message = await NextAsync() ?? throw new IOException("The engine closed the pipe.");
            if (message is T wanted && (where is null || where(wanted)))
                return wanted;
        }
    }

    public async Task SyncAsync()
    {
        long echo = Random.Shared.NextInt64();
        await SendAsync(new Ping { Echo = echo });
        await NextAsync<Pong>(p => p.Echo == echo);
    }

    public ValueTask DisposeAsync() => _pipe.DisposeAsync();
}
