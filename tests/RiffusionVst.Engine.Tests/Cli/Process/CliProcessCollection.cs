namespace RiffusionVst.Engine.Tests.Cli.Process;

/// <summary>
/// The tests that run riffusion-engine as processes, or push the server to its limits, run alone: beside the other
/// test classes on a 2-core machine their processes would wait for CPU, and the comparison of a failing command's time
/// with the work it must not start would then measure the machine, not the command.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliProcessCollection
{
    public const string Name = "riffusion-engine processes and server limits";
}
