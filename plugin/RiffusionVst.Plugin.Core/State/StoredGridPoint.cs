namespace RiffusionVst.Plugin.Core.State;

/// <summary>One point of a stored grid: its index, its alpha and the 8-bit PNG spectrogram the engine made for it.</summary>
/// <param name="Index">Grid point index, 0 to point count − 1.</param>
/// <param name="Alpha">The morph position, index / (point count − 1).</param>
/// <param name="Png">The image as PNG; never modify.</param>
public sealed record StoredGridPoint(int Index, float Alpha, byte[] Png);
