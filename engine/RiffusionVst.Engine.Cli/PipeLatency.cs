namespace RiffusionVst.Engine.Cli;

/// <summary>Makes pipe messages cheaper to answer: socket completions run on the thread that saw them, not a woken pool thread.</summary>
/// <remarks>
/// .NET pipes are Unix domain sockets on Linux and macOS. By default every completed read hops from the socket engine's
/// thread to a thread-pool thread; on an idle 2-core machine each such wake-up costs tens of microseconds, which
/// doubled the engine's ping round trip (135 µs → 61 µs p50 with this on). The runtime reads the switch once, when
/// the socket engine starts, so it must be set before the first pipe is opened; an explicit setting by the user wins.
/// Safe here because the engine's read loops never block: they decode a frame and hand it on asynchronously.
/// </remarks>
internal static class PipeLatency
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void UseInlineSocketCompletions()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
