namespace RiffusionVst.Engine.Diffusion.Weights.Torch;

/// <summary>One file inside a zip archive as its central directory describes it.</summary>
/// <param name="Name">Path inside the archive (forward slashes).</param>
/// <param name="Method">Compression method: 0 stored, 8 deflate.</param>
/// <param name="CompressedSize">Bytes stored in the archive.</param>
/// <param name="Size">Bytes once extracted.</param>
/// <param name="LocalHeaderOffset">Where the entry's local header starts in the file.</param>
public sealed record ZipEntry(string Name, int Method, long CompressedSize, long Size, long LocalHeaderOffset);
