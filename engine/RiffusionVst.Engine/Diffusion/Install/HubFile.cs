namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>One file of a model repository as the hub lists it.</summary>
/// <param name="Path">Path inside the repository, e.g. <c>unet/config.json</c>.</param>
/// <param name="Size">Bytes, or -1 when the listing gave none.</param>
/// <param name="Sha256">The LFS object id (sha256 of the content, lower-case hex) of large files; null for small git files.</param>
/// <param name="GitBlobId">The git blob id (sha1 of <c>"blob {size}\0" + content</c>) of small files, or null.</param>
public sealed record HubFile(string Path, long Size, string? Sha256, string? GitBlobId);
