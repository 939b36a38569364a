using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/RiffusionVst.Plugin.Core.Benchmarks -- --filter '*'` runs them all.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
