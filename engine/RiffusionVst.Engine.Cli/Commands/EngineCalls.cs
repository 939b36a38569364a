using System.Threading.Channels;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary>The CLI as a client of a running engine: connect, introduce itself, wait for answers.</summary>
internal static class EngineCalls
{
    /// <summary>How long the CLI waits for the engine at each step.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>Connects to the engine on <paramref name="pipe"/> (default: the per-user name) and says Hello as the CLI.</summary>
    public static async Task<PipeConnection> ConnectAsync(string? pipe, CancellationToken cancellationToken)
    {
        // A probe answers at once when nobody serves the name, where a plain connect would wait out its whole timeout.
        string name = PipeNames.Resolve(pipe);
        if (!await PipeProbe.IsServedAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false))
            throw new IOException($"No engine is running on pipe '{name}'; start one with 'riffusion-engine serve' (or check --pipe).");
        PipeConnection connection = await PipeConnection.ConnectAsync(name, Patience, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var hello = new Hello { ClientName = "riffusion-engine-cli", ClientVersion = typeof(EngineCalls).Assembly.GetName().Version?.ToString(3) ?? "" };
            await Handshake.IntroduceAsync(connection, hello, Patience, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The next message that <paramref name="accept"/> takes, skipping others (e.g. progress); an Error ends the wait.</summary>
    /// <exception cref="IOException">The engine answered with an error or closed the pipe.</exception>
    public static async Task<T> AwaitAsync<T>(PipeConnection connection, Func<T, bool> accept, CancellationToken cancellationToken)
        where T : Message
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Patience);
        try
        {
            while (true)
            {
                Message message = await connection.Incoming.ReadAsync(deadline.Token).ConfigureAwait(false);
                if (message is T wanted && accept(wanted))
                    return wanted;
                if (message is ErrorMessage error)
                    throw new IOException($"The engine answered: {error.Message}");
            }
        }
        catch (ChannelClosedException)
        {
            throw new IOException($"The engine closed the pipe ({connection.CloseReason}).");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The engine did not answer within {Patience.TotalSeconds:0} s.");
        }
    }

    /// <summary>Runs a command body against the engine; "no engine answered" becomes a plain I/O error for <see cref="CommandErrors"/>.</summary>
    public static int Run(Func<Task<int>> body)
    {
        try
        {
            return body().GetAwaiter().GetResult();
        }
        catch (TimeoutException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    /// <summary>A pipe-name option shared by the commands that talk to an engine.</summary>
    public static System.CommandLine.Option<string?> PipeOption() => new("--pipe")
    {
        Description = $"Pipe name of the engine (default: per user, or the {PipeNames.EnvironmentVariable} environment variable).",
    };
}
