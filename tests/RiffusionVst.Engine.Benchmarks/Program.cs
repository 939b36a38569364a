using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/RiffusionVst.Engine.Benchmarks -- --filter '*'` runs them all.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
