using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>What <see cref="ModelInstaller"/> installs, from where, to where; the defaults install Riffusion from the public hub.</summary>
public sealed record ModelInstallOptions
{
    /// <summary>The model Riffusion publishes.</summary>
    public const string RiffusionRepository = "riffusion/riffusion-model-v1";

    /// <summary>The folder the model ends up in (by default the per-user folder the engine looks in).</summary>
    public string Target { get; init; } = ModelLocator.DefaultUserModelFolder();

    /// <summary>The hub repository (owner/name).</summary>
    public string Repository { get; init; } = RiffusionRepository;

    /// <summary>Branch, tag, commit or pull-request ref (e.g. <c>refs/pr/11</c>) to fetch.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>The hub's address (HF_ENDPOINT or <c>--endpoint</c> override it).</summary>
    public Uri Endpoint { get; init; } = HubClient.DefaultEndpoint;

    /// <summary>A local diffusers folder or single-file checkpoint to install instead of downloading; null downloads.</summary>
    public string? FromPath { get; init; }

    /// <summary>How the graphs are built (fp32/fp16 …).</summary>
    public GraphBuildOptions Graphs { get; init; } = new();

    /// <summary>The graph builder (a seam: tests put in their own; the default is <see cref="ModelGraphBuilder.Build"/>).</summary>
    public Action<ModelWeights, string, GraphBuildOptions, CancellationToken> Build { get; init; } = ModelGraphBuilder.Build;

    /// <summary>Free bytes on the disk holding a folder (a seam: tests simulate a full disk with a small number).</summary>
    public Func<string, long> AvailableBytes { get; init; } = folder => new DriveInfo(Path.GetPathRoot(Path.GetFullPath(folder))!).AvailableFreeSpace;

    /// <summary>A read that brings no bytes for this long counts as a dropped connection.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock for download speeds.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Receives download progress (per file), or null.</summary>
    public IProgress<DownloadProgress>? DownloadProgress { get; init; }

    /// <summary>Receives one line per step, or null.</summary>
    public IProgress<string>? Steps { get; init; }
}
