using BenchmarkDotNet.Running;
using RiffusionVst.Engine.Benchmarks;

// `dotnet run -c Release --project tests/RiffusionVst.Engine.Benchmarks -- --filter '*'` runs them all;
// `… -- sweep [threads] settings…` prints the phase-reconstruction quality/speed table (see SettingsSweep).
if (args.Length > 0 && args[0] == "sweep")
{
    SettingsSweep.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
