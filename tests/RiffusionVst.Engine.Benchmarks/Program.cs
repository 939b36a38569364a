using BenchmarkDotNet.Running;
using RiffusionVst.Engine.Benchmarks;

// The engine process runs with inline socket completions (see engine/…Cli/PipeLatency.cs); measure its pipes the same way.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

// `dotnet run -c Release --project tests/RiffusionVst.Engine.Benchmarks -- --filter '*'` runs them all;
// `… -- images [threads] IMAGE.png…` compares the default image → audio path with Riffusion's Griffin-Lim on real images;
// `… -- sd15 [threads] [runs] [fp32|fp16] [plain|fused] [torch|no-torch]` builds the full-size SD 1.5 graphs with random weights and times one UNet call next to PyTorch's;
// `… -- sweep [threads] settings…` prints the phase-reconstruction quality/speed table (see SettingsSweep);
// `… -- files` times WAV and PNG encoding/decoding of one delivered loop by best CPU time (see AudioFileReport);
// `… -- resampling` compares our resampler's passband and alias rejection with NAudio's (see ResamplerComparison).
if (args.Length > 0 && args[0] == "sweep")
{
    SettingsSweep.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "files")
{
    RiffusionVst.Engine.Benchmarks.Audio.AudioFileReport.Run();
    return;
}

if (args.Length > 0 && args[0] == "resampling")
{
    RiffusionVst.Engine.Benchmarks.Audio.ResamplerComparison.Run();
    return;
}

if (args.Length > 0 && args[0] == "sd15")
{
    RiffusionVst.Engine.Benchmarks.Diffusion.Graphs.FullSizeUNetReport.Run(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "images")
{
    ImageQualityReport.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
