using System.CommandLine;
using System.Threading.Channels;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary>The CLI as a client of a running engine: connect, introduce itself, wait for answers; every failure is one line.</summary>
internal static class EngineCalls
{
    /// <summary>How long the CLI waits for the engine at each step.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>How long the first probe may take: a missing pipe answers at once; a busy engine's accept loop may need a moment.</summary>
    public static readonly TimeSpan ProbePatience = TimeSpan.FromSeconds(2);

    /// <summary>Connects to the engine on <paramref name="pipe"/> (default: the per-user name) and says Hello as the CLI.</summary>
    public static async Task<PipeConnection> ConnectAsync(string? pipe, CancellationToken cancellationToken) =>
        (await ConnectWithWelcomeAsync(pipe, cancellationToken).ConfigureAwait(false)).Connection;

    /// <summary>Connects and says Hello as the CLI, keeping the engine's Welcome (its model, schedulers, capabilities).</summary>
    public static async Task<(PipeConnection Connection, Welcome Welcome)> ConnectWithWelcomeAsync(string? pipe, CancellationToken cancellationToken)
    {
        // A probe answers at once when nobody serves the name, where a plain connect would wait out its whole timeout.
        string name = PipeNames.Resolve(pipe);
        if (!SocketMayExist(name) || !await PipeProbe.IsServedAsync(name, ProbePatience, cancellationToken).ConfigureAwait(false))
            throw CliException.BadInput($"No engine is running on pipe '{name}'; start one with 'riffusion-engine serve' (or check --pipe).");
        PipeConnection connection;
        try
        {
            connection = await PipeConnection.ConnectAsync(name, Patience, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"The engine on pipe '{name}' did not accept a connection; is it another user's? Start your own with 'riffusion-engine serve'.");
        }

        try
        {
            var hello = new Hello { ClientName = "riffusion-engine-cli", ClientVersion = typeof(EngineCalls).Assembly.GetName().Version?.ToString(3) ?? "" };
            Welcome welcome = await Handshake.IntroduceAsync(connection, hello, Patience, cancellationToken).ConfigureAwait(false);
            return (connection, welcome);
        }
        catch (ProtocolRefusedException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw CliException.BadInput($"The engine refused this command line: {e.Message}");
        }
        catch (Exception e) when (e is IOException or TimeoutException or ChannelClosedException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw CliException.BadInput($"The engine on pipe '{name}' did not complete the handshake within {Patience.TotalSeconds:0} s; restart it.");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // On Linux and macOS a served pipe is a socket file; a connect to a missing one would retry until its timeout, so
    // its absence answers "no engine" at once.
    private static bool SocketMayExist(string name) =>
        PipeNames.SocketFilePath(name) is not { } socket || File.Exists(socket);

    /// <summary>The next message that <paramref name="accept"/> takes, skipping others (e.g. progress); an Error ends the wait.</summary>
    /// <param name="connection">The engine.</param>
    /// <param name="accept">Whether a message of type <typeparamref name="T"/> is the awaited one.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="patience">How long to wait for it (default <see cref="Patience"/>); <see cref="Timeout.InfiniteTimeSpan"/> waits while the engine keeps the pipe open.</param>
    /// <param name="seen">Gets every other message (e.g. progress).</param>
    public static async Task<T> AwaitAsync<T>(PipeConnection connection, Func<T, bool> accept, CancellationToken cancellationToken, TimeSpan? patience = null, Action<Message>? seen = null)
        where T : Message
    {
        TimeSpan wait = patience ?? Patience;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (wait != Timeout.InfiniteTimeSpan)
            deadline.CancelAfter(wait);
        try
        {
            while (true)
            {
                Message message = await connection.Incoming.ReadAsync(deadline.Token).ConfigureAwait(false);
                if (message is T wanted && accept(wanted))
                    return wanted;
                if (message is ErrorMessage error)
                    throw CliException.BadInput($"The engine answered: {error.Message}");
                seen?.Invoke(message);
            }
        }
        catch (ChannelClosedException)
        {
            throw CliException.BadInput($"The engine closed the pipe ({connection.CloseReason}); is it still running?");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CliException.BadInput($"The engine did not answer within {wait.TotalSeconds:0} s; is it busy or stuck? Restart it.");
        }
    }

    /// <summary>Runs a command body against the engine (kept for commands written before <see cref="Running.CommandRunner"/>).</summary>
    public static int Run(Func<Task<int>> body) => body().GetAwaiter().GetResult();

    /// <summary>A pipe-name option shared by the commands that talk to an engine.</summary>
    public static Option<string?> PipeOption() => new("--pipe")
    {
        Description = $"Pipe name of the engine (default: per user, or the {PipeNames.EnvironmentVariable} environment variable).",
        HelpName = "name",
    };
}
