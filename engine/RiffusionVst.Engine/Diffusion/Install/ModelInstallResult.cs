using RiffusionVst.Engine.Diffusion.Model;

namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>A finished install.</summary>
/// <param name="Folder">The installed model folder.</param>
/// <param name="DownloadedBytes">Bytes fetched in this run (0 with <c>--from</c>).</param>
/// <param name="Check">The model check of the installed folder.</param>
public sealed record ModelInstallResult(string Folder, long DownloadedBytes, ModelCheckReport Check);
