namespace RiffusionVst.Engine.Tests.Cli;

/// <summary>
/// The tests that run commands in this process share its one <see cref="Console"/>: the commands print to it and
/// some tests read what they print, so they take turns, or one test's lines land in another's capture.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection
{
    public const string Name = "commands run in this process (one Console)";
}
