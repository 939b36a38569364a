using System.Runtime.InteropServices;
using RiffusionVst.Engine.Cli.Files;

namespace RiffusionVst.Engine.Cli.Running;

/// <summary>
/// Runs a command body so that every failure is one line with its exit code, and Ctrl+C or SIGTERM stops it within a
/// second: the body's token is cancelled; a body that does not stop within <see cref="Grace"/> is abandoned, its
/// temporary output files are deleted, and the process ends with <see cref="CommandErrors.Cancelled"/>.
/// </summary>
internal static class CommandRunner
{
    /// <summary>How long a cancelled body may take to stop by itself before it is abandoned.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(600);

    /// <summary>Runs a synchronous body on a worker thread (so the signal can be answered while it computes).</summary>
    public static int Run(Func<CancellationToken, int> body) => Run(token => Task.Run(() => body(token), CancellationToken.None));

    /// <summary>Runs an asynchronous body.</summary>
    /// <param name="body">The command; its token is cancelled by Ctrl+C or SIGTERM.</param>
    /// <param name="grace">How long a cancelled body may take to stop (default <see cref="Grace"/>).</param>
    /// <param name="stoppedBySignal">The exit code when the body stops by itself after a signal; null: report "cancelled" (130).</param>
    public static int Run(Func<CancellationToken, Task<int>> body, TimeSpan? grace = null, int? stoppedBySignal = null)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        Task<int> task;
        try
        {
            task = body(stop.Token);
        }
        catch (Exception e)
        {
            return CommandErrors.Report(e);
        }

        try
        {
            task.Wait(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            bool stopped = WaitQuietly(task, grace ?? Grace);
            if (stopped && stoppedBySignal is { } code)
                return task.IsCompletedSuccessfully ? code : CommandErrors.Report(task.Exception!.InnerExceptions[0]);
            if (!stopped || !task.IsCompletedSuccessfully)
            {
                OutputFiles.AbandonAll();
                CommandErrors.Error("cancelled.");
                return CommandErrors.Cancelled;
            }
        }
        catch (AggregateException)
        {
            // Reported below from the task itself.
        }

        return task.IsCompletedSuccessfully ? task.Result : CommandErrors.Report(task.Exception!.InnerExceptions[0]);
    }

    private static bool WaitQuietly(Task task, TimeSpan timeout)
    {
        try
        {
            return task.Wait(timeout);
        }
        catch (AggregateException)
        {
            return true;
        }
    }
}
